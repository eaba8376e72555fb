"""Demo catalog data of Libros Pepito: real books by their real authors (facts only).

Titles, authors and first publication years are real; a year is None when unsure. Prices,
formats, page counts, publishers (a plausible edition sold in Peru), sold counts and
descriptions are demo data. ISBNs are SYNTHETIC: each book gets a valid ISBN-13 built from
the Peru group prefix 978-612 and its position in BOOKS (see catalog.demo.synthetic_isbn),
so they don't name real editions. The ISBN is the natural key of a book: append new books at
the end of BOOKS and never reorder or remove lines.
"""

# (name, nationality, bio); the slug is slugify(name).
AUTHORS = [
    (
        "Mario Vargas Llosa",
        "peruana",
        ("Novelista peruano nacido en Arequipa (1936–2025), Premio Nobel de Literatura 2010."),
    ),
    (
        "José María Arguedas",
        "peruana",
        (
            "Narrador y antropólogo peruano nacido en Andahuaylas (1911–1969) que llevó el "
            "mundo quechua a la novela."
        ),
    ),
    (
        "César Vallejo",
        "peruana",
        ("Poeta peruano nacido en Santiago de Chuco (1892–1938), autor de Trilce; murió en París."),
    ),
    (
        "Julio Ramón Ribeyro",
        "peruana",
        (
            "Cuentista peruano (1929–1994), autor de La palabra del mudo; recibió el Premio "
            "Juan Rulfo en 1994."
        ),
    ),
    (
        "Alfredo Bryce Echenique",
        "peruana",
        "Novelista peruano nacido en Lima en 1939, autor de Un mundo para Julius.",
    ),
    (
        "Ciro Alegría",
        "peruana",
        (
            "Novelista peruano nacido en La Libertad (1909–1967), autor de El mundo es ancho "
            "y ajeno."
        ),
    ),
    (
        "Blanca Varela",
        "peruana",
        (
            "Poeta peruana (1926–2009); recibió el Premio Reina Sofía de Poesía "
            "Iberoamericana en 2007."
        ),
    ),
    (
        "Santiago Roncagliolo",
        "peruana",
        ("Escritor peruano nacido en Lima en 1975; ganó el Premio Alfaguara 2006 con Abril rojo."),
    ),
    (
        "Gabriela Wiener",
        "peruana",
        (
            "Cronista y escritora peruana nacida en Lima en 1975, autora de Sexografías y "
            "Huaco retrato."
        ),
    ),
    (
        "Alonso Cueto",
        "peruana",
        (
            "Novelista peruano nacido en Lima en 1954; ganó el Premio Herralde 2005 con La "
            "hora azul."
        ),
    ),
    (
        "Inca Garcilaso de la Vega",
        "peruana",
        (
            "Cronista mestizo nacido en el Cusco (1539–1616), autor de los Comentarios reales "
            "de los incas."
        ),
    ),
    (
        "Ricardo Palma",
        "peruana",
        (
            "Escritor peruano (1833–1919), creador de las Tradiciones peruanas y director de "
            "la Biblioteca Nacional."
        ),
    ),
    (
        "Abraham Valdelomar",
        "peruana",
        (
            "Escritor peruano nacido en Ica (1888–1919), autor de El caballero Carmelo y "
            "fundador de la revista Colónida."
        ),
    ),
    (
        "Manuel Scorza",
        "peruana",
        (
            "Poeta y novelista peruano (1928–1983), autor del ciclo La guerra silenciosa "
            "sobre las luchas campesinas de Pasco."
        ),
    ),
    (
        "Jaime Bayly",
        "peruana",
        ("Escritor y periodista peruano nacido en Lima en 1965, autor de No se lo digas a nadie."),
    ),
    (
        "Iván Thays",
        "peruana",
        (
            "Novelista peruano nacido en Lima en 1968; Un lugar llamado Oreja de Perro fue "
            "finalista del Premio Herralde."
        ),
    ),
    (
        "Renato Cisneros",
        "peruana",
        (
            "Escritor y periodista peruano nacido en Lima en 1976, autor de La distancia que "
            "nos separa."
        ),
    ),
    (
        "Claudia Ulloa Donoso",
        "peruana",
        "Narradora peruana nacida en 1979 y radicada en Noruega, autora de Pajarito.",
    ),
    (
        "Katya Adaui",
        "peruana",
        (
            "Escritora peruana nacida en 1977, autora de los libros de cuentos Aquí hay "
            "icebergs y Geografía de la oscuridad."
        ),
    ),
    (
        "Carlos Eduardo Zavaleta",
        "peruana",
        "Narrador peruano (1928–2011) de la Generación del 50, autor de Los Ingar.",
    ),
    (
        "Oswaldo Reynoso",
        "peruana",
        "Narrador peruano nacido en Arequipa (1931–2016), autor de Los inocentes.",
    ),
    (
        "Jorge Eduardo Eielson",
        "peruana",
        (
            "Poeta y artista plástico peruano (1924–2006), figura de la Generación del 50; "
            "vivió en Italia."
        ),
    ),
    (
        "Martín Adán",
        "peruana",
        (
            "Poeta peruano (1908–1985), seudónimo de Rafael de la Fuente Benavides, autor de "
            "La casa de cartón."
        ),
    ),
    (
        "José Carlos Mariátegui",
        "peruana",
        ("Ensayista peruano (1894–1930), fundador de la revista Amauta y autor de los 7 ensayos."),
    ),
    (
        "Manuel González Prada",
        "peruana",
        (
            "Ensayista y poeta peruano (1844–1918), autor de Páginas libres y director de la "
            "Biblioteca Nacional."
        ),
    ),
    (
        "Clorinda Matto de Turner",
        "peruana",
        (
            "Escritora peruana nacida en el Cusco (1852–1909), autora de Aves sin nido, "
            "pionera de la novela indigenista."
        ),
    ),
    (
        "Jorge Basadre",
        "peruana",
        (
            "Historiador peruano nacido en Tacna (1903–1980), autor de la Historia de la "
            "República del Perú."
        ),
    ),
    (
        "María Rostworowski",
        "peruana",
        (
            "Historiadora peruana (1915–2016), especialista en el mundo andino y autora de "
            "Historia del Tahuantinsuyu."
        ),
    ),
    (
        "Daniel Alarcón",
        "peruana",
        (
            "Escritor peruano-estadounidense nacido en Lima en 1977, autor de Radio Ciudad "
            "Perdida y cofundador de Radio Ambulante."
        ),
    ),
    (
        "Antonio Cisneros",
        "peruana",
        (
            "Poeta peruano (1942–2012); ganó el Premio Casa de las Américas con Canto "
            "ceremonial contra un oso hormiguero."
        ),
    ),
    (
        "Javier Heraud",
        "peruana",
        ("Poeta peruano (1942–1963), autor de El río; murió a los 21 años en Puerto Maldonado."),
    ),
    (
        "Edgardo Rivera Martínez",
        "peruana",
        "Narrador peruano nacido en Jauja (1933–2018), autor de País de Jauja.",
    ),
    (
        "Miguel Gutiérrez",
        "peruana",
        "Novelista peruano nacido en Piura (1940–2016), autor de La violencia del tiempo.",
    ),
    (
        "Enrique Congrains Martin",
        "peruana",
        ("Narrador peruano (1932–2009) que retrató la Lima de las barriadas en Lima, hora cero."),
    ),
    (
        "José Watanabe",
        "peruana",
        (
            "Poeta peruano nacido en Laredo (1945–2007), hijo de padre japonés, autor de "
            "Cosas del cuerpo."
        ),
    ),
    (
        "Emilio Adolfo Westphalen",
        "peruana",
        (
            "Poeta peruano (1911–2001), autor de Las ínsulas extrañas y fundador de la "
            "revista Amaru."
        ),
    ),
    (
        "César Moro",
        "peruana",
        "Poeta y pintor surrealista peruano (1903–1956), autor de La tortuga ecuestre.",
    ),
    (
        "Carmen Ollé",
        "peruana",
        ("Poeta y narradora peruana nacida en Lima en 1947, autora de Noches de adrenalina."),
    ),
    (
        "Fernando Iwasaki",
        "peruana",
        "Escritor e historiador peruano nacido en Lima en 1961 y radicado en Sevilla.",
    ),
    (
        "Sebastián Salazar Bondy",
        "peruana",
        "Escritor y dramaturgo peruano (1924–1965), autor del ensayo Lima la horrible.",
    ),
    (
        "Enrique López Albújar",
        "peruana",
        "Escritor y juez peruano (1872–1966), autor de Cuentos andinos.",
    ),
    (
        "Óscar Colchado Lucio",
        "peruana",
        "Narrador peruano nacido en Áncash en 1947, creador del personaje Cholito.",
    ),
    (
        "Alberto Flores Galindo",
        "peruana",
        "Historiador peruano (1949–1990), autor de Buscando un inca.",
    ),
    (
        "Carlos Iván Degregori",
        "peruana",
        ("Antropólogo peruano (1945–2011), miembro de la Comisión de la Verdad y Reconciliación."),
    ),
    (
        "José Matos Mar",
        "peruana",
        "Antropólogo peruano (1921–2015), autor de Desborde popular y crisis del Estado.",
    ),
    (
        "Hernando de Soto",
        "peruana",
        "Economista peruano nacido en Arequipa en 1941, autor de El otro sendero.",
    ),
    (
        "Carlos Contreras",
        "peruana",
        "Historiador peruano, profesor de la PUCP y especialista en historia económica.",
    ),
    (
        "Marcos Cueto",
        "peruana",
        "Historiador peruano especializado en la historia de la salud pública.",
    ),
    (
        "Felipe Guaman Poma de Ayala",
        "peruana",
        ("Cronista indígena andino (c. 1535–c. 1616), autor de la Nueva corónica y buen gobierno."),
    ),
    (
        "Gastón Acurio",
        "peruana",
        ("Cocinero peruano nacido en Lima en 1967, fundador del restaurante Astrid & Gastón."),
    ),
    (
        "Virgilio Martínez",
        "peruana",
        "Cocinero peruano nacido en Lima en 1977, chef del restaurante Central.",
    ),
    (
        "Martin Morales",
        "peruana",
        "Cocinero peruano radicado en Londres, fundador del restaurante Ceviche.",
    ),
    (
        "Marco Avilés",
        "peruana",
        ("Periodista y cronista peruano nacido en 1980, autor de De dónde venimos los cholos."),
    ),
    (
        "Laura Riesco",
        "peruana",
        "Escritora peruana (1940–2008), autora de Ximena de dos caminos.",
    ),
    (
        "Gabriel García Márquez",
        "colombiana",
        (
            "Novelista colombiano (1927–2014), Premio Nobel de Literatura 1982 y autor de "
            "Cien años de soledad."
        ),
    ),
    (
        "Julio Cortázar",
        "argentina",
        "Escritor argentino nacido en Bruselas (1914–1984), autor de Rayuela.",
    ),
    (
        "Jorge Luis Borges",
        "argentina",
        ("Escritor argentino (1899–1986), maestro del cuento y del ensayo, autor de Ficciones."),
    ),
    (
        "Isabel Allende",
        "chilena",
        "Novelista chilena nacida en Lima en 1942, autora de La casa de los espíritus.",
    ),
    (
        "Roberto Bolaño",
        "chilena",
        "Escritor chileno (1953–2003), autor de Los detectives salvajes y 2666.",
    ),
    (
        "Juan Rulfo",
        "mexicana",
        (
            "Escritor mexicano (1917–1986) que con solo dos libros, Pedro Páramo y El llano "
            "en llamas, renovó la narrativa."
        ),
    ),
    (
        "Pablo Neruda",
        "chilena",
        "Poeta chileno (1904–1973), Premio Nobel de Literatura 1971.",
    ),
    (
        "Gabriela Mistral",
        "chilena",
        (
            "Poeta chilena (1889–1957), primera latinoamericana en recibir el Premio Nobel de "
            "Literatura, en 1945."
        ),
    ),
    (
        "Carlos Fuentes",
        "mexicana",
        "Novelista mexicano nacido en Panamá (1928–2012), Premio Cervantes 1987.",
    ),
    (
        "Octavio Paz",
        "mexicana",
        "Poeta y ensayista mexicano (1914–1998), Premio Nobel de Literatura 1990.",
    ),
    (
        "Laura Esquivel",
        "mexicana",
        "Escritora mexicana nacida en 1950, autora de Como agua para chocolate.",
    ),
    (
        "Elena Poniatowska",
        "mexicana",
        "Periodista y escritora mexicana nacida en París en 1932, Premio Cervantes 2013.",
    ),
    (
        "Guadalupe Nettel",
        "mexicana",
        "Escritora mexicana nacida en 1973, ganadora del Premio Herralde 2014.",
    ),
    (
        "Fernanda Melchor",
        "mexicana",
        "Escritora mexicana nacida en Veracruz en 1982, autora de Temporada de huracanes.",
    ),
    (
        "Mario Benedetti",
        "uruguaya",
        "Poeta y narrador uruguayo (1920–2009), autor de La tregua.",
    ),
    (
        "Eduardo Galeano",
        "uruguaya",
        (
            "Periodista y escritor uruguayo (1940–2015), autor de Las venas abiertas de "
            "América Latina."
        ),
    ),
    (
        "Horacio Quiroga",
        "uruguaya",
        (
            "Cuentista uruguayo (1878–1937) que vivió en la selva de Misiones, autor de "
            "Cuentos de la selva."
        ),
    ),
    (
        "Ernesto Sabato",
        "argentina",
        ("Escritor y físico argentino (1911–2011), autor de El túnel; Premio Cervantes 1984."),
    ),
    (
        "Adolfo Bioy Casares",
        "argentina",
        ("Escritor argentino (1914–1999), autor de La invención de Morel; Premio Cervantes 1990."),
    ),
    (
        "Manuel Puig",
        "argentina",
        "Novelista argentino (1932–1990), autor de El beso de la mujer araña.",
    ),
    (
        "Alejandra Pizarnik",
        "argentina",
        "Poeta argentina (1936–1972), autora de Árbol de Diana.",
    ),
    (
        "Mariana Enriquez",
        "argentina",
        (
            "Escritora argentina nacida en 1973; ganó el Premio Herralde 2019 con Nuestra "
            "parte de noche."
        ),
    ),
    (
        "Samanta Schweblin",
        "argentina",
        ("Escritora argentina nacida en Buenos Aires en 1978, autora de Distancia de rescate."),
    ),
    (
        "Martín Caparrós",
        "argentina",
        "Periodista y escritor argentino nacido en 1957, autor de El hambre.",
    ),
    (
        "Leila Guerriero",
        "argentina",
        (
            "Periodista y cronista argentina nacida en 1967, autora de Los suicidas del fin "
            "del mundo."
        ),
    ),
    (
        "Alejandro Zambra",
        "chilena",
        "Escritor chileno nacido en Santiago en 1975, autor de Bonsái.",
    ),
    (
        "Héctor Abad Faciolince",
        "colombiana",
        "Escritor colombiano nacido en Medellín en 1958, autor de El olvido que seremos.",
    ),
    (
        "Laura Restrepo",
        "colombiana",
        (
            "Novelista colombiana nacida en Bogotá en 1950; ganó el Premio Alfaguara 2004 con "
            "Delirio."
        ),
    ),
    (
        "Juan Gabriel Vásquez",
        "colombiana",
        "Novelista colombiano nacido en Bogotá en 1973; ganó el Premio Alfaguara 2011.",
    ),
    (
        "Jorge Isaacs",
        "colombiana",
        "Escritor colombiano (1837–1895), autor de María, clásico del romanticismo.",
    ),
    (
        "Rómulo Gallegos",
        "venezolana",
        (
            "Novelista venezolano (1884–1969), autor de Doña Bárbara y presidente de "
            "Venezuela en 1948."
        ),
    ),
    (
        "Clarice Lispector",
        "brasileña",
        ("Escritora brasileña nacida en Ucrania (1920–1977), autora de La hora de la estrella."),
    ),
    (
        "Jorge Amado",
        "brasileña",
        (
            "Novelista brasileño (1912–2001) que retrató Bahía, autor de Doña Flor y sus dos "
            "maridos."
        ),
    ),
    (
        "Machado de Assis",
        "brasileña",
        "Escritor brasileño (1839–1908), fundador de la Academia Brasileña de Letras.",
    ),
    (
        "Paulo Coelho",
        "brasileña",
        "Escritor brasileño nacido en Río de Janeiro en 1947, autor de El alquimista.",
    ),
    (
        "Miguel de Cervantes",
        "española",
        "Escritor español (1547–1616), autor de Don Quijote de la Mancha.",
    ),
    (
        "Federico García Lorca",
        "española",
        (
            "Poeta y dramaturgo español (1898–1936) de la Generación del 27, asesinado al "
            "inicio de la guerra civil."
        ),
    ),
    (
        "Pedro Calderón de la Barca",
        "española",
        "Dramaturgo español del Siglo de Oro (1600–1681), autor de La vida es sueño.",
    ),
    (
        "Carlos Ruiz Zafón",
        "española",
        ("Novelista español nacido en Barcelona (1964–2020), autor de La sombra del viento."),
    ),
    (
        "Arturo Pérez-Reverte",
        "española",
        (
            "Novelista español nacido en Cartagena en 1951, antiguo reportero de guerra y "
            "miembro de la RAE."
        ),
    ),
    (
        "Javier Marías",
        "española",
        "Novelista y traductor español (1951–2022), autor de Corazón tan blanco.",
    ),
    (
        "Dolores Redondo",
        "española",
        ("Novelista española nacida en San Sebastián en 1969, autora de la trilogía del Baztán."),
    ),
    (
        "Laura Gallego",
        "española",
        ("Escritora española de literatura juvenil nacida en 1977, autora de Memorias de Idhún."),
    ),
    (
        "José Saramago",
        "portuguesa",
        "Novelista portugués (1922–2010), Premio Nobel de Literatura 1998.",
    ),
    (
        "Fernando Pessoa",
        "portuguesa",
        "Poeta portugués (1888–1935) que escribió bajo numerosos heterónimos.",
    ),
    (
        "George Orwell",
        "británica",
        "Escritor británico (1903–1950), seudónimo de Eric Arthur Blair, autor de 1984.",
    ),
    (
        "J. K. Rowling",
        "británica",
        "Escritora británica nacida en 1965, autora de la saga Harry Potter.",
    ),
    (
        "Jane Austen",
        "británica",
        "Novelista británica (1775–1817), autora de Orgullo y prejuicio.",
    ),
    (
        "J. R. R. Tolkien",
        "británica",
        (
            "Escritor y filólogo británico nacido en Sudáfrica (1892–1973), profesor en "
            "Oxford y autor de El Señor de los Anillos."
        ),
    ),
    (
        "Agatha Christie",
        "británica",
        "Novelista británica (1890–1976), creadora de Hercule Poirot y Miss Marple.",
    ),
    (
        "Roald Dahl",
        "británica",
        (
            "Escritor británico nacido en Gales (1916–1990), autor de Matilda y Charlie y la "
            "fábrica de chocolate."
        ),
    ),
    (
        "William Shakespeare",
        "británica",
        "Dramaturgo y poeta inglés (1564–1616), autor de Hamlet y Romeo y Julieta.",
    ),
    (
        "Charles Dickens",
        "británica",
        "Novelista británico (1812–1870), autor de Oliver Twist y Cuento de Navidad.",
    ),
    (
        "Charlotte Brontë",
        "británica",
        "Novelista británica (1816–1855), autora de Jane Eyre.",
    ),
    (
        "Emily Brontë",
        "británica",
        (
            "Novelista y poeta británica (1818–1848), autora de Cumbres borrascosas, su única "
            "novela."
        ),
    ),
    (
        "Mary Shelley",
        "británica",
        "Escritora británica (1797–1851), autora de Frankenstein.",
    ),
    (
        "Virginia Woolf",
        "británica",
        "Novelista y ensayista británica (1882–1941), figura del grupo de Bloomsbury.",
    ),
    (
        "Aldous Huxley",
        "británica",
        "Escritor británico (1894–1963), autor de Un mundo feliz.",
    ),
    (
        "Arthur Conan Doyle",
        "británica",
        "Escritor británico nacido en Edimburgo (1859–1930), creador de Sherlock Holmes.",
    ),
    (
        "Lewis Carroll",
        "británica",
        ("Escritor y matemático británico (1832–1898), seudónimo de Charles Lutwidge Dodgson."),
    ),
    (
        "C. S. Lewis",
        "británica",
        ("Escritor británico nacido en Belfast (1898–1963), autor de Las crónicas de Narnia."),
    ),
    (
        "Kazuo Ishiguro",
        "británica",
        "Novelista británico nacido en Nagasaki en 1954, Premio Nobel de Literatura 2017.",
    ),
    (
        "Paula Hawkins",
        "británica",
        (
            "Periodista y novelista británica nacida en Zimbabue en 1972, autora de La chica "
            "del tren."
        ),
    ),
    (
        "Alex Michaelides",
        "británica",
        "Novelista británico-chipriota nacido en 1977, autor de La paciente silenciosa.",
    ),
    (
        "Oscar Wilde",
        "irlandesa",
        ("Escritor irlandés nacido en Dublín (1854–1900), autor de El retrato de Dorian Gray."),
    ),
    (
        "Bram Stoker",
        "irlandesa",
        "Escritor irlandés (1847–1912), autor de Drácula.",
    ),
    (
        "Samuel Beckett",
        "irlandesa",
        "Dramaturgo y novelista irlandés (1906–1989), Premio Nobel de Literatura 1969.",
    ),
    (
        "Sally Rooney",
        "irlandesa",
        "Novelista irlandesa nacida en 1991, autora de Gente normal.",
    ),
    (
        "Ernest Hemingway",
        "estadounidense",
        "Novelista estadounidense (1899–1961), Premio Nobel de Literatura 1954.",
    ),
    (
        "F. Scott Fitzgerald",
        "estadounidense",
        (
            "Novelista estadounidense (1896–1940), cronista de la era del jazz y autor de El "
            "gran Gatsby."
        ),
    ),
    (
        "Harper Lee",
        "estadounidense",
        (
            "Novelista estadounidense (1926–2016), ganó el Premio Pulitzer en 1961 con Matar "
            "a un ruiseñor."
        ),
    ),
    (
        "J. D. Salinger",
        "estadounidense",
        "Escritor estadounidense (1919–2010), autor de El guardián entre el centeno.",
    ),
    (
        "Edgar Allan Poe",
        "estadounidense",
        (
            "Escritor estadounidense (1809–1849), maestro del cuento de terror y precursor "
            "del relato policial."
        ),
    ),
    (
        "Ray Bradbury",
        "estadounidense",
        "Escritor estadounidense de ciencia ficción (1920–2012), autor de Fahrenheit 451.",
    ),
    (
        "Toni Morrison",
        "estadounidense",
        "Novelista estadounidense (1931–2019), Premio Nobel de Literatura 1993.",
    ),
    (
        "Paul Auster",
        "estadounidense",
        "Novelista estadounidense (1947–2024), autor de La trilogía de Nueva York.",
    ),
    (
        "Cormac McCarthy",
        "estadounidense",
        "Novelista estadounidense (1933–2023); ganó el Premio Pulitzer con La carretera.",
    ),
    (
        "Stephen King",
        "estadounidense",
        (
            "Novelista estadounidense nacido en 1947, maestro del terror, autor de It y El "
            "resplandor."
        ),
    ),
    (
        "Frank Herbert",
        "estadounidense",
        "Escritor estadounidense de ciencia ficción (1920–1986), autor de Dune.",
    ),
    (
        "Isaac Asimov",
        "estadounidense",
        (
            "Escritor y bioquímico estadounidense nacido en Rusia (1920–1992), autor de la "
            "saga de la Fundación."
        ),
    ),
    (
        "Ursula K. Le Guin",
        "estadounidense",
        (
            "Escritora estadounidense de fantasía y ciencia ficción (1929–2018), autora del "
            "ciclo de Terramar."
        ),
    ),
    (
        "George R. R. Martin",
        "estadounidense",
        "Escritor estadounidense nacido en 1948, autor de Canción de hielo y fuego.",
    ),
    (
        "Suzanne Collins",
        "estadounidense",
        ("Escritora estadounidense nacida en 1962, autora de la trilogía Los juegos del hambre."),
    ),
    (
        "Dan Brown",
        "estadounidense",
        "Novelista estadounidense nacido en 1964, autor de El código Da Vinci.",
    ),
    (
        "Rick Riordan",
        "estadounidense",
        "Escritor estadounidense nacido en 1964, autor de la saga Percy Jackson.",
    ),
    (
        "John Green",
        "estadounidense",
        (
            "Escritor estadounidense de novela juvenil nacido en 1977, autor de Bajo la misma "
            "estrella."
        ),
    ),
    (
        "R. J. Palacio",
        "estadounidense",
        ("Escritora y diseñadora estadounidense nacida en 1963, autora de La lección de August."),
    ),
    (
        "Raymond Chandler",
        "estadounidense",
        "Novelista estadounidense (1888–1959), creador del detective Philip Marlowe.",
    ),
    (
        "Dashiell Hammett",
        "estadounidense",
        (
            "Novelista estadounidense (1894–1961), creador del detective Sam Spade y pionero "
            "de la novela negra."
        ),
    ),
    (
        "Patricia Highsmith",
        "estadounidense",
        "Novelista estadounidense (1921–1995), creadora de Tom Ripley.",
    ),
    (
        "Thomas Harris",
        "estadounidense",
        "Novelista estadounidense nacido en 1940, creador de Hannibal Lecter.",
    ),
    (
        "Gillian Flynn",
        "estadounidense",
        "Novelista estadounidense nacida en 1971, autora de Perdida.",
    ),
    (
        "Truman Capote",
        "estadounidense",
        (
            "Escritor estadounidense (1924–1984), autor de A sangre fría, obra pionera de la "
            "novela de no ficción."
        ),
    ),
    (
        "Arthur Miller",
        "estadounidense",
        "Dramaturgo estadounidense (1915–2005), autor de La muerte de un viajante.",
    ),
    (
        "Tennessee Williams",
        "estadounidense",
        "Dramaturgo estadounidense (1911–1983), autor de Un tranvía llamado Deseo.",
    ),
    (
        "Brandon Sanderson",
        "estadounidense",
        (
            "Escritor estadounidense de fantasía nacido en 1975, autor de la saga Nacidos de "
            "la bruma."
        ),
    ),
    (
        "Patrick Rothfuss",
        "estadounidense",
        ("Escritor estadounidense de fantasía nacido en 1973, autor de El nombre del viento."),
    ),
    (
        "Michelle Obama",
        "estadounidense",
        (
            "Abogada estadounidense nacida en Chicago en 1964, primera dama de Estados Unidos "
            "de 2009 a 2017."
        ),
    ),
    (
        "Walter Isaacson",
        "estadounidense",
        (
            "Periodista y biógrafo estadounidense nacido en 1952, autor de biografías de "
            "Steve Jobs y Einstein."
        ),
    ),
    (
        "James Clear",
        "estadounidense",
        (
            "Escritor estadounidense especializado en hábitos y toma de decisiones, autor de "
            "Hábitos atómicos."
        ),
    ),
    (
        "Dale Carnegie",
        "estadounidense",
        (
            "Escritor y conferencista estadounidense (1888–1955), autor de Cómo ganar amigos "
            "e influir sobre las personas."
        ),
    ),
    (
        "Stephen R. Covey",
        "estadounidense",
        (
            "Educador y escritor estadounidense (1932–2012), autor de Los 7 hábitos de la "
            "gente altamente efectiva."
        ),
    ),
    (
        "Robert T. Kiyosaki",
        "estadounidense",
        (
            "Empresario y escritor estadounidense nacido en Hawái en 1947, autor de Padre "
            "rico, padre pobre."
        ),
    ),
    (
        "Mark Manson",
        "estadounidense",
        (
            "Bloguero y escritor estadounidense nacido en 1984, autor de El sutil arte de que "
            "te importe un carajo."
        ),
    ),
    (
        "Jared Diamond",
        "estadounidense",
        (
            "Biólogo y geógrafo estadounidense nacido en 1937; ganó el Premio Pulitzer con "
            "Armas, gérmenes y acero."
        ),
    ),
    (
        "Carl Sagan",
        "estadounidense",
        ("Astrónomo y divulgador estadounidense (1934–1996), autor y presentador de Cosmos."),
    ),
    (
        "Margaret Atwood",
        "canadiense",
        (
            "Novelista y poeta canadiense nacida en Ottawa en 1939, autora de El cuento de la "
            "criada."
        ),
    ),
    (
        "Rupi Kaur",
        "canadiense",
        ("Poeta canadiense nacida en la India en 1992, autora de Otras maneras de usar la boca."),
    ),
    (
        "Stephen Hawking",
        "británica",
        "Físico teórico británico (1942–2018), autor de Breve historia del tiempo.",
    ),
    (
        "Haruki Murakami",
        "japonesa",
        ("Novelista japonés nacido en Kioto en 1949, autor de Tokio blues y Kafka en la orilla."),
    ),
    (
        "Banana Yoshimoto",
        "japonesa",
        "Novelista japonesa nacida en Tokio en 1964, autora de Kitchen.",
    ),
    (
        "Yukio Mishima",
        "japonesa",
        "Novelista y dramaturgo japonés (1925–1970), autor de El pabellón de oro.",
    ),
    (
        "Marie Kondo",
        "japonesa",
        (
            "Consultora japonesa en organización del hogar nacida en 1984, creadora del "
            "método KonMari."
        ),
    ),
    (
        "Franz Kafka",
        "checa",
        ("Escritor en lengua alemana nacido en Praga (1883–1924), autor de La metamorfosis."),
    ),
    (
        "Milan Kundera",
        "checa",
        (
            "Novelista checo nacionalizado francés (1929–2023), autor de La insoportable "
            "levedad del ser."
        ),
    ),
    (
        "Albert Camus",
        "francesa",
        (
            "Escritor y filósofo francés nacido en Argelia (1913–1960), Premio Nobel de "
            "Literatura 1957."
        ),
    ),
    (
        "Antoine de Saint-Exupéry",
        "francesa",
        "Escritor y aviador francés (1900–1944), autor de El principito.",
    ),
    (
        "Victor Hugo",
        "francesa",
        "Poeta y novelista francés (1802–1885), autor de Los miserables.",
    ),
    (
        "Gustave Flaubert",
        "francesa",
        "Novelista francés (1821–1880), autor de Madame Bovary.",
    ),
    (
        "Alexandre Dumas",
        "francesa",
        ("Novelista francés (1802–1870), autor de Los tres mosqueteros y El conde de Montecristo."),
    ),
    (
        "Julio Verne",
        "francesa",
        "Novelista francés (1828–1905), pionero de la novela de aventuras científicas.",
    ),
    (
        "Marcel Proust",
        "francesa",
        "Novelista francés (1871–1922), autor de En busca del tiempo perdido.",
    ),
    (
        "Annie Ernaux",
        "francesa",
        "Escritora francesa nacida en 1940, Premio Nobel de Literatura 2022.",
    ),
    (
        "Simone de Beauvoir",
        "francesa",
        "Filósofa y escritora francesa (1908–1986), autora de El segundo sexo.",
    ),
    (
        "Michael Ende",
        "alemana",
        "Escritor alemán (1929–1995), autor de La historia interminable y Momo.",
    ),
    (
        "Hermann Hesse",
        "alemana",
        ("Novelista alemán nacionalizado suizo (1877–1962), Premio Nobel de Literatura 1946."),
    ),
    (
        "Thomas Mann",
        "alemana",
        "Novelista alemán (1875–1955), Premio Nobel de Literatura 1929.",
    ),
    (
        "Patrick Süskind",
        "alemana",
        "Escritor alemán nacido en 1949, autor de El perfume.",
    ),
    (
        "Anne Frank",
        "alemana",
        (
            "Adolescente judía nacida en Fráncfort (1929–1945) que escribió su diario "
            "escondida en Ámsterdam."
        ),
    ),
    (
        "Hannah Arendt",
        "alemana",
        (
            "Filósofa alemana nacionalizada estadounidense (1906–1975), autora de Los "
            "orígenes del totalitarismo."
        ),
    ),
    (
        "Eckhart Tolle",
        "alemana",
        ("Escritor y maestro espiritual nacido en Alemania en 1948, autor de El poder del ahora."),
    ),
    (
        "Stefan Zweig",
        "austriaca",
        ("Escritor austriaco (1881–1942), autor de Novela de ajedrez y biografías célebres."),
    ),
    (
        "Viktor Frankl",
        "austriaca",
        (
            "Psiquiatra austriaco (1905–1997), sobreviviente de Auschwitz y creador de la "
            "logoterapia."
        ),
    ),
    (
        "Umberto Eco",
        "italiana",
        "Semiólogo y novelista italiano (1932–2016), autor de El nombre de la rosa.",
    ),
    (
        "Italo Calvino",
        "italiana",
        "Escritor italiano nacido en Cuba (1923–1985), autor de Las ciudades invisibles.",
    ),
    (
        "Elena Ferrante",
        "italiana",
        (
            "Seudónimo de una novelista italiana de identidad desconocida, autora de la saga "
            "Dos amigas."
        ),
    ),
    (
        "Fiódor Dostoievski",
        "rusa",
        "Novelista ruso (1821–1881), autor de Crimen y castigo y Los hermanos Karamázov.",
    ),
    (
        "León Tolstói",
        "rusa",
        "Novelista ruso (1828–1910), autor de Guerra y paz y Anna Karénina.",
    ),
    (
        "Mijaíl Bulgákov",
        "rusa",
        "Escritor ruso nacido en Kiev (1891–1940), autor de El maestro y Margarita.",
    ),
    (
        "Vladimir Nabokov",
        "rusa",
        "Escritor ruso nacionalizado estadounidense (1899–1977), autor de Lolita.",
    ),
    (
        "Svetlana Alexiévich",
        "bielorrusa",
        "Periodista bielorrusa nacida en 1948, Premio Nobel de Literatura 2015.",
    ),
    (
        "Henrik Ibsen",
        "noruega",
        "Dramaturgo noruego (1828–1906), autor de Casa de muñecas.",
    ),
    (
        "Jostein Gaarder",
        "noruega",
        "Escritor noruego nacido en 1952, autor de El mundo de Sofía.",
    ),
    (
        "Stieg Larsson",
        "sueca",
        ("Periodista sueco (1954–2004) que murió antes de ver publicada su trilogía Millennium."),
    ),
    (
        "Joël Dicker",
        "suiza",
        (
            "Novelista suizo nacido en Ginebra en 1985, autor de La verdad sobre el caso "
            "Harry Quebert."
        ),
    ),
    (
        "Andrzej Sapkowski",
        "polaca",
        ("Escritor polaco de fantasía nacido en 1948, creador de la saga de Geralt de Rivia."),
    ),
    (
        "Yuval Noah Harari",
        "israelí",
        ("Historiador israelí nacido en 1976, profesor de la Universidad Hebrea de Jerusalén."),
    ),
    (
        "Daniel Kahneman",
        "israelí",
        "Psicólogo israelí-estadounidense (1934–2024), Premio Nobel de Economía 2002.",
    ),
    (
        "Liu Cixin",
        "china",
        "Escritor chino de ciencia ficción nacido en 1963, ganador del Premio Hugo 2015.",
    ),
    (
        "Han Kang",
        "surcoreana",
        "Novelista surcoreana nacida en 1970, Premio Nobel de Literatura 2024.",
    ),
    (
        "Chimamanda Ngozi Adichie",
        "nigeriana",
        "Novelista nigeriana nacida en 1977, autora de Americanah.",
    ),
    (
        "Miguel Ruiz",
        "mexicana",
        "Escritor y médico mexicano nacido en 1952, autor de Los cuatro acuerdos.",
    ),
]

# One book per header line, its description on the indented lines below:
# title [~ subtitle] | author slugs, in credit order | first publication year or - |
# genre slugs | publisher | format (tb tapa blanda, td tapa dura, bo bolsillo) and pages |
# copies sold [| flags: "en" English edition, "-20" 20 % off]
# A long header line continues on the next line, indented and starting with "|".
BOOKS = """
La ciudad y los perros | mario-vargas-llosa | 1963 | novela | Alfaguara | tb 504 | 2650
    En el Colegio Militar Leoncio Prado de Lima, el robo de un examen desata una cadena de
    silencios y violencia entre los cadetes. Primera novela del autor, Premio Biblioteca Breve.
Los cachorros | mario-vargas-llosa | 1967 | novela cuento | Debolsillo | bo 112 | 1420
    Cuéllar, alumno de un colegio de Miraflores, es atacado por un perro, y el accidente marca
    su vida y la de su grupo de amigos.
La casa verde | mario-vargas-llosa | 1966 | novela | Alfaguara | tb 536 | 610
    Entre Piura y la selva amazónica se entrelazan las historias de un burdel, una misión
    religiosa y un aventurero. Premio Rómulo Gallegos 1967.
Conversación en La Catedral | mario-vargas-llosa | 1969 | novela | Alfaguara | td 736 | 1180 | -20
    Santiago Zavala y Ambrosio, antiguo chofer de su padre, conversan en un bar de Lima sobre
    sus vidas durante el gobierno de Odría: «¿En qué momento se había jodido el Perú?».
Pantaleón y las visitadoras | mario-vargas-llosa | 1973 | novela | Debolsillo | bo 320 | 1350
    El capitán Pantaleón Pantoja recibe la misión de organizar un servicio de visitadoras para
    las guarniciones del Ejército en la Amazonía.
La tía Julia y el escribidor | mario-vargas-llosa | 1977 | novela | Alfaguara | tb 480 | 1240
    Varguitas, un joven aspirante a escritor, se enamora de su tía política Julia mientras en la
    radio triunfan los radioteatros del boliviano Pedro Camacho.
La guerra del fin del mundo | mario-vargas-llosa | 1981 | novela | Alfaguara | tb 704 | 540
    La rebelión de Canudos, en el sertón de Bahía a fines del siglo XIX, liderada por el
    Consejero, y la campaña del ejército brasileño para aplastarla.
La señorita de Tacna | mario-vargas-llosa | 1981 | teatro | Alfaguara | tb 128 | 160
    Belisario, un escritor, intenta reconstruir la historia de amor frustrada de la Mamaé, su
    tía abuela centenaria.
¿Quién mató a Palomino Molero? | mario-vargas-llosa | 1986 | novela policial | Debolsillo | bo 160
    | 980
    El teniente Silva y el guardia Lituma investigan el brutal asesinato de un joven recluta de
    la base aérea de Talara.
El hablador | mario-vargas-llosa | 1987 | novela | Debolsillo | bo 240 | 380
    Un narrador recuerda a su amigo Saúl Zuratas, que abandonó Lima para convertirse en hablador
    de los machiguengas de la Amazonía.
Lituma en los Andes | mario-vargas-llosa | 1993 | novela policial | Planeta | tb 320 | 720
    En un campamento minero de los Andes, el cabo Lituma investiga la desaparición de tres
    hombres en tiempos de Sendero Luminoso. Premio Planeta 1993.
El pez en el agua | mario-vargas-llosa | 1993 | biografias | Alfaguara | tb 632 | 460
    Memorias que alternan la infancia y juventud del autor con su campaña a la presidencia del
    Perú en 1990.
Cartas a un joven novelista | mario-vargas-llosa | 1997 | ensayo | Debolsillo | bo 160 | 290
    Doce cartas sobre el oficio de novelar: el estilo, el narrador, el tiempo y el poder de
    persuasión de la ficción.
La fiesta del Chivo | mario-vargas-llosa | 2000 | novela | Alfaguara | tb 528 | 1560
    Urania Cabral vuelve a Santo Domingo y revive los últimos días de la dictadura de Rafael
    Leónidas Trujillo, asesinado en 1961.
Travesuras de la niña mala | mario-vargas-llosa | 2006 | novela | Alfaguara | tb 384 | 1320 | -20
    Ricardo Somocurcio ama durante cuatro décadas a una mujer esquiva que reaparece en Lima,
    París, Londres, Tokio y Madrid.
El sueño del celta | mario-vargas-llosa | 2010 | novela | Alfaguara | td 464 | 640
    La vida de Roger Casement, el diplomático irlandés que denunció los abusos de la explotación
    del caucho en el Congo y la Amazonía peruana.
La civilización del espectáculo | mario-vargas-llosa | 2012 | ensayo | Alfaguara | tb 232 | 330
    Ensayo sobre la banalización de la cultura en una época que convierte el entretenimiento en
    valor supremo.
El héroe discreto | mario-vargas-llosa | 2013 | novela | Alfaguara | tb 384 | 520
    En Piura, el transportista Felícito Yanaqué se niega a pagar a unos extorsionadores,
    mientras en Lima el empresario Ismael Carrera prepara una venganza contra sus hijos.
Cinco esquinas | mario-vargas-llosa | 2016 | novela | Alfaguara | tb 320 | 470
    En la Lima de los últimos años de Fujimori, una revista de escándalos y el chantaje a un
    ingeniero sacan a la luz la corrupción del régimen.
La llamada de la tribu | mario-vargas-llosa | 2018 | ensayo | Alfaguara | tb 320 | 280
    Recorrido intelectual por los pensadores liberales que marcaron al autor, de Adam Smith a
    Popper, Hayek e Isaiah Berlin.
Tiempos recios | mario-vargas-llosa | 2019 | novela | Alfaguara | tb 360 | 560
    El golpe de Estado de 1954 contra Jacobo Árbenz en Guatemala, respaldado por Estados Unidos,
    y sus consecuencias en América Latina.
Le dedico mi silencio | mario-vargas-llosa | 2023 | novela | Alfaguara | tb 304 | 1480
    Toño Azpilcueta, estudioso de la música criolla, busca al guitarrista Lalo Molfino y sueña
    con que el vals una a los peruanos. La última novela del autor.
Agua | jose-maria-arguedas | 1935 | cuento | Editorial Horizonte | bo 96 | 870
    Primer libro de Arguedas: tres relatos sobre la vida de los comuneros y los abusos de los
    mistis en un pueblo andino.
Yawar fiesta | jose-maria-arguedas | 1941 | novela | Editorial Horizonte | tb 192 | 760
    En Puquio, una corrida de toros al estilo indígena enfrenta a los comuneros con las
    autoridades que pretenden prohibirla.
Los ríos profundos | jose-maria-arguedas | 1958 | novela | Peisa | tb 288 | 2380 | -15
    Ernesto, un adolescente criado entre indígenas, vive en un internado religioso de Abancay el
    choque entre el mundo andino y el de los señores.
El Sexto | jose-maria-arguedas | 1961 | novela | Editorial Horizonte | tb 224 | 410
    Basada en la reclusión del autor en el penal El Sexto de Lima, retrata la convivencia entre
    presos políticos y comunes.
Todas las sangres | jose-maria-arguedas | 1964 | novela | Peisa | td 552 | 520
    Los hermanos Aragón de Peralta, terratenientes enfrentados, encarnan el conflicto entre el
    mundo andino y la gran minería.
El zorro de arriba y el zorro de abajo | jose-maria-arguedas | 1971 | novela | Fondo Editorial PUCP
    | tb 320 | 290
    Novela póstuma e inconclusa sobre el auge pesquero de Chimbote, intercalada con los diarios
    del autor.
Los heraldos negros | cesar-vallejo | 1919 | poesia | Editorial Horizonte | bo 128 | 1640
    Primer poemario de Vallejo: «Hay golpes en la vida, tan fuertes... ¡Yo no sé!».
Trilce | cesar-vallejo | 1922 | poesia | Peisa | tb 160 | 910
    Setenta y siete poemas que rompieron con la tradición y renovaron la poesía en lengua
    española.
El tungsteno | cesar-vallejo | 1931 | novela | Editorial Horizonte | bo 144 | 230
    Novela social sobre la explotación de los trabajadores indígenas en una mina de tungsteno de
    la sierra peruana.
Poemas humanos | cesar-vallejo | 1939 | poesia | Peisa | tb 208 | 520
    Poemas escritos en Europa y publicados tras la muerte del autor por su viuda, Georgette
    Philippart.
España, aparta de mí este cáliz | cesar-vallejo | 1939 | poesia | Editorial Horizonte | bo 96 | 260
    Quince poemas escritos durante la guerra civil española.
Paco Yunque | cesar-vallejo | 1951 | cuento ninos | Editorial Horizonte | bo 48 | 2760
    Paco Yunque, un niño humilde, sufre en la escuela los abusos de Humberto Grieve, hijo del
    patrón de su madre.
Los gallinazos sin plumas | julio-ramon-ribeyro | 1955 | cuento | Seix Barral | bo 128 | 1280
    Primer libro de cuentos de Ribeyro: Efraín y Enrique, dos niños que recogen basura para
    alimentar a un cerdo en los muladares de Lima.
Crónica de San Gabriel | julio-ramon-ribeyro | 1960 | novela | Seix Barral | tb 224 | 340
    Lucho, un joven limeño, pasa una temporada en una hacienda de la sierra donde descubre un
    mundo en decadencia.
Los geniecillos dominicales | julio-ramon-ribeyro | 1965 | novela | Seix Barral | tb 256 | 310
    Ludo Totem, un joven de clase media limeña, deja su trabajo y busca su lugar entre los bares
    y la bohemia de Lima.
La palabra del mudo | julio-ramon-ribeyro | 1973 | cuento | Seix Barral | td 736 | 1720 | -15
    Los cuentos completos de Ribeyro, protagonizados por los marginados y los que no tienen voz
    en la ciudad.
Prosas apátridas | julio-ramon-ribeyro | 1975 | ensayo | Seix Barral | bo 176 | 640
    Fragmentos de reflexión sobre la vida, la escritura y el paso del tiempo, escritos en París.
Cambio de guardia | julio-ramon-ribeyro | 1976 | novela | Seix Barral | tb 240 | 150
    Novela coral sobre los días previos a un golpe militar en una ciudad sudamericana.
Dichos de Luder | julio-ramon-ribeyro | 1989 | ensayo | Seix Barral | bo 96 | 220
    Aforismos y diálogos de Luder, un escritor escéptico que es el alter ego del autor.
La tentación del fracaso | julio-ramon-ribeyro | 1992 | biografias | Seix Barral | td 720 | 380
    El diario íntimo de Ribeyro entre 1950 y 1978, de Lima a Europa.
Huerto cerrado | alfredo-bryce-echenique | 1968 | cuento | Peisa | bo 176 | 260
    Primer libro del autor: cuentos sobre la adolescencia de Manolo en la Lima de los años
    cincuenta.
Un mundo para Julius | alfredo-bryce-echenique | 1970 | novela | Peisa | tb 592 | 1640 | -20
    Julius, hijo menor de una familia aristocrática limeña, crece entre los sirvientes del
    palacio familiar y descubre las desigualdades de la sociedad peruana.
La vida exagerada de Martín Romaña | alfredo-bryce-echenique | 1981 | novela | Anagrama | tb 456
    | 230
    Martín Romaña, un peruano en París, cuenta desde su sillón Voltaire sus amores y desventuras
    en los años de Mayo del 68.
No me esperen en abril | alfredo-bryce-echenique | 1995 | novela | Anagrama | tb 624 | 190
    Manongo Sterne vive su adolescencia en la Lima de los años cincuenta, en un colegio inglés
    para la élite.
El huerto de mi amada | alfredo-bryce-echenique | 2002 | novela | Planeta | tb 312 | 280
    En la Lima de los años cincuenta, el joven Carlitos Alegre se enamora de Natalia de Larrea,
    una mujer mayor que él. Premio Planeta 2002.
La serpiente de oro | ciro-alegria | 1935 | novela | Peisa | tb 208 | 590
    La vida de los balseros del río Marañón en el valle de Calemar y la llegada de un ingeniero
    limeño.
Los perros hambrientos | ciro-alegria | 1939 | novela | Peisa | bo 176 | 820
    Una larga sequía en la sierra norte pone a prueba a los pastores y a sus perros.
El mundo es ancho y ajeno | ciro-alegria | 1941 | novela | Peisa | tb 552 | 980
    La comunidad indígena de Rumi, guiada por el alcalde Rosendo Maqui, es despojada de sus
    tierras por un hacendado.
Ese puerto existe | blanca-varela | 1959 | poesia | Fondo de Cultura Económica | tb 96 | 140
    Primer poemario de Blanca Varela, con prólogo de Octavio Paz.
Canto villano | blanca-varela | 1978 | poesia | Fondo de Cultura Económica | tb 112 | 120
    Poemas de madurez de una de las voces mayores de la poesía peruana del siglo XX.
Donde todo termina abre las alas | blanca-varela | 2001 | poesia | Galaxia Gutenberg | td 272 | 180
    Reunión de la poesía de Blanca Varela desde Ese puerto existe.
Pudor | santiago-roncagliolo | 2004 | novela | Alfaguara | tb 224 | 210
    Los miembros de una familia limeña esconden sus deseos y sus miedos bajo una rutina
    aparentemente normal.
Abril rojo | santiago-roncagliolo | 2006 | novela policial | Alfaguara | tb 336 | 1150 | -25
    El fiscal Félix Chacaltana investiga una serie de asesinatos en Ayacucho durante la Semana
    Santa del año 2000. Premio Alfaguara 2006.
La cuarta espada | santiago-roncagliolo | 2007 | cronica peru-republicano | Debate | tb 288 | 330
    Investigación periodística sobre la vida de Abimael Guzmán y el origen de Sendero Luminoso.
La pena máxima | santiago-roncagliolo | 2014 | novela policial | Alfaguara | tb 304 | 260
    Félix Chacaltana se ve envuelto en una trama criminal en la Lima del Mundial de fútbol de
    1978.
Sexografías | gabriela-wiener | 2008 | cronica | Literatura Random House | tb 224 | 410
    Crónicas en primera persona sobre el sexo, el cuerpo y las experiencias límite.
Nueve lunas | gabriela-wiener | 2009 | cronica | Literatura Random House | tb 192 | 200
    Crónica del embarazo de la autora, sin idealizaciones.
Huaco retrato | gabriela-wiener | 2021 | novela | Literatura Random House | tb 192 | 690 | -15
    La autora investiga a su tatarabuelo Charles Wiener, explorador austrofrancés que se llevó
    miles de piezas precolombinas del Perú.
Grandes miradas | alonso-cueto | 2003 | novela | Peisa | tb 400 | 160
    En la Lima de Montesinos, una maestra se enfrenta al régimen tras el asesinato de su novio,
    un juez.
La hora azul | alonso-cueto | 2005 | novela | Anagrama | tb 304 | 740 | -20
    Un exitoso abogado limeño descubre que su padre, oficial de Marina, cometió abusos en
    Ayacucho durante la violencia y busca a una mujer que escapó de él. Premio Herralde 2005.
El susurro de la mujer ballena | alonso-cueto | 2007 | novela | Planeta | tb 256 | 230
    Una periodista reencuentra en un avión a una antigua compañera de colegio y revive una
    amistad marcada por la humillación.
La Florida del Inca | inca-garcilaso-de-la-vega | 1605 | cronica
    | Fondo de Cultura Económica | td 608 | 70
    Crónica de la expedición de Hernando de Soto a la Florida, escrita a partir de testimonios
    de sus participantes.
Comentarios reales de los incas | inca-garcilaso-de-la-vega | 1609 | incas-y-mundo-andino
    | Fondo de Cultura Económica | td 720 | 860
    La historia, las costumbres y la organización del Tahuantinsuyu contadas por el hijo de un
    capitán español y una ñusta inca.
Tradiciones peruanas | ricardo-palma | 1872 | cuento historia-del-peru | Peisa | tb 400 | 1920
    Relatos breves, entre la historia y la leyenda, de la Lima virreinal y republicana, contados
    con humor y picardía.
El caballero Carmelo | abraham-valdelomar | 1918 | cuento ninos | Editorial Horizonte | bo 112
    | 2480
    Cuentos que incluyen el célebre relato del gallo de pelea Carmelo, ambientado en el Pisco de
    la infancia del autor.
Redoble por Rancas | manuel-scorza | 1970 | novela | Alfaguara | tb 272 | 620
    Los comuneros de Rancas, en Pasco, se enfrentan al cerco de una compañía minera
    estadounidense. Primera parte de La guerra silenciosa.
Historia de Garabombo, el invisible | manuel-scorza | 1972 | novela | Alfaguara | tb 272 | 240
    Garabombo, un comunero al que las autoridades no ven, organiza la resistencia de su
    comunidad.
El jinete insomne | manuel-scorza | 1977 | novela | Alfaguara | tb 256 | 150
    El anciano Raymundo Herrera cabalga sin dormir para defender los títulos de tierras de la
    comunidad de Yanacocha.
La tumba del relámpago | manuel-scorza | 1979 | novela | Alfaguara | tb 304 | 120
    Último volumen de La guerra silenciosa, sobre la derrota de la insurrección campesina.
No se lo digas a nadie | jaime-bayly | 1994 | novela | Planeta | tb 368 | 540
    Joaquín Camino, hijo de una familia conservadora limeña, lucha por vivir su homosexualidad.
Yo amo a mi mami | jaime-bayly | 1999 | novela | Planeta | tb 272 | 180
    La infancia de Jimmy en la Lima de los años setenta, entre su madre devota, su padre severo
    y las empleadas de la casa.
La mujer de mi hermano | jaime-bayly | 2002 | novela | Planeta | bo 208 | 260
    Zoe, casada con Ignacio, inicia un romance con su cuñado Gonzalo, un pintor.
Un lugar llamado Oreja de Perro | ivan-thays | 2008 | novela | Anagrama | tb 192 | 170
    Un periodista limeño, tras la muerte de su hijo y el abandono de su esposa, viaja a un
    pueblo de Ayacucho marcado por la violencia política.
La distancia que nos separa | renato-cisneros | 2015 | novela biografias | Planeta | tb 336 | 720
    | -20
    El autor reconstruye la vida de su padre, el general Luis Federico Cisneros Vizquerra,
    ministro del Interior en los años ochenta.
Dejarás la tierra | renato-cisneros | 2017 | novela | Planeta | tb 400 | 310
    El autor rastrea la historia de sus antepasados y los secretos de su familia a lo largo del
    siglo XIX y XX.
Pajarito | claudia-ulloa-donoso | 2015 | cuento | Estruendomudo | tb 144 | 110
    Cuentos sobre la extrañeza, el cuerpo y la distancia, escritos entre Lima y Noruega.
Aquí hay icebergs | katya-adaui | 2017 | cuento | Candaya | tb 160 | 120
    Relatos sobre familias, vínculos rotos y lo que se calla.
Geografía de la oscuridad | katya-adaui | 2021 | cuento | Páginas de Espuma | tb 176 | 160
    Cuentos sobre una familia, la violencia doméstica y la memoria.
Los Ingar | carlos-eduardo-zavaleta | 1955 | novela | Peisa | bo 128 | 60
    Novela breve sobre la violencia que cerca a una familia en la sierra de Áncash.
Los inocentes | oswaldo-reynoso | 1961 | cuento | Peisa | bo 112 | 540
    Relatos sobre los adolescentes de un barrio de Lima y su collera; el libro se reeditó como
    Lima en rock.
En octubre no hay milagros | oswaldo-reynoso | 1965 | novela | Peisa | tb 272 | 280
    Durante la procesión del Señor de los Milagros se cruzan la vida de una familia de clase
    media y la de un poderoso banquero.
Los eunucos inmortales | oswaldo-reynoso | 1995 | novela | Peisa | tb 176 | 70
    Novela ambientada en Pekín en 1989, durante las protestas de la plaza de Tiananmen.
El cuerpo de Giulia-no | jorge-eduardo-eielson | 1971 | novela | Peisa | tb 176 | 50
    Novela experimental de Eielson, escrita en Italia.
Poesía escrita | jorge-eduardo-eielson | 1976 | poesia | Fondo Editorial PUCP | td 320 | 90
    Reunión de la obra poética de Eielson, de sus primeros libros a los poemas visuales.
La casa de cartón | martin-adan | 1928 | novela | Peisa | bo 96 | 310
    Novela poética sobre un adolescente en el balneario de Barranco, con colofón de José Carlos
    Mariátegui.
Travesía de extramares | martin-adan | 1950 | poesia | Fondo Editorial PUCP | tb 112 | 60
    Sonetos a Chopin de uno de los poetas más originales del Perú.
La escena contemporánea | jose-carlos-mariategui | 1925 | ensayo | Editorial Horizonte | tb 208 | 90
    Ensayos sobre la política europea de la primera posguerra.
7 ensayos de interpretación de la realidad peruana | jose-carlos-mariategui | 1928
    | ensayo peru-republicano | Editorial Horizonte | tb 352 | 1160
    Análisis de la economía, el problema del indio, la tierra, la educación, la religión y la
    literatura del Perú.
Páginas libres | manuel-gonzalez-prada | 1894 | ensayo | Peisa | tb 256 | 240
    Incluye el Discurso en el Politeama de 1888: «Los viejos a la tumba, los jóvenes a la obra».
Horas de lucha | manuel-gonzalez-prada | 1908 | ensayo | Peisa | tb 272 | 110
    Ensayos de crítica política y social contra la oligarquía y el clero.
Aves sin nido | clorinda-matto-de-turner | 1889 | novela | Peisa | bo 224 | 930
    En el pueblo andino de Kíllac, una pareja de forasteros denuncia los abusos del cura, el
    gobernador y el juez contra los indígenas.
Índole | clorinda-matto-de-turner | 1891 | novela | Peisa | bo 240 | 90
    Novela de costumbres que denuncia la corrupción y la hipocresía en un pueblo de la sierra.
Perú: problema y posibilidad | jorge-basadre | 1931 | ensayo peru-republicano
    | Fondo de Cultura Económica | tb 320 | 150
    Ensayo sobre la historia republicana del Perú como problema y como posibilidad.
Historia de la República del Perú | jorge-basadre | 1939 | peru-republicano
    | Editorial Universitaria | td 640 | 220 | -10
    La obra fundamental sobre la historia republicana del Perú, desde la independencia.
Historia del Tahuantinsuyu | maria-rostworowski | 1988 | incas-y-mundo-andino
    | Instituto de Estudios Peruanos | tb 368 | 880 | -15
    Síntesis de la formación, la organización y la caída del Estado inca, desde las fuentes
    andinas.
Doña Francisca Pizarro | maria-rostworowski | 1989 | biografias historia-del-peru
    | Instituto de Estudios Peruanos | tb 160 | 140
    Biografía de la hija de Francisco Pizarro y de la ñusta Inés Huaylas.
Pachacamac y el Señor de los Milagros | maria-rostworowski | 1992 | incas-y-mundo-andino
    | Instituto de Estudios Peruanos | tb 208 | 160
    Ensayo sobre la continuidad entre el culto a Pachacamac y la devoción limeña al Señor de los
    Milagros.
Radio Ciudad Perdida | daniel-alarcon | 2007 | novela | Alfaguara | tb 352 | 240
    Norma conduce un programa de radio que busca a los desaparecidos de una guerra civil en un
    país sin nombre.
Lost City Radio | daniel-alarcon | 2007 | novela | Harper Perennial | tb 272 | 60 | en
    Edición original en inglés de Radio Ciudad Perdida.
De noche andamos en círculos | daniel-alarcon | 2013 | novela | Alfaguara | tb 368 | 150
    Nelson, un joven actor, se une a la gira de un grupo de teatro por los pueblos de los Andes.
Canto ceremonial contra un oso hormiguero | antonio-cisneros | 1968 | poesia | Peisa | bo 112 | 110
    Poemario que ganó el Premio Casa de las Américas 1968.
El río | javier-heraud | 1960 | poesia | Peisa | bo 80 | 230
    Primer poemario de Javier Heraud: «Yo soy un río, voy bajando por las piedras anchas».
País de Jauja | edgardo-rivera-martinez | 1993 | novela | Peisa | tb 432 | 340
    Claudio, un adolescente de Jauja en los años cuarenta, crece entre la música clásica, los
    mitos griegos y la tradición andina.
La violencia del tiempo | miguel-gutierrez | 1991 | novela | Peisa | td 880 | 110
    Martín Villar reconstruye la historia de su familia en Piura a lo largo de un siglo, desde
    un desertor español.
Lima, hora cero | enrique-congrains-martin | 1954 | cuento | Peisa | bo 96 | 130
    Cuentos sobre la vida en las barriadas que crecían en Lima.
No una, sino muchas muertes | enrique-congrains-martin | 1957 | novela | Peisa | bo 192 | 190
    La joven Maruja y los marginados de una barriada limeña en los años cincuenta.
Cosas del cuerpo | jose-watanabe | 1999 | poesia | Fondo Editorial PUCP | tb 96 | 110
    Poemas sobre el cuerpo, la enfermedad y la mirada serena sobre lo cotidiano.
Las ínsulas extrañas | emilio-adolfo-westphalen | 1933 | poesia | Fondo Editorial PUCP | tb 80 | 70
    Primer poemario de Westphalen, hito de la vanguardia peruana.
La tortuga ecuestre | cesar-moro | 1957 | poesia | Fondo Editorial PUCP | tb 96 | 50
    Poemas surrealistas escritos en México y publicados tras la muerte del autor.
Noches de adrenalina | carmen-olle | 1981 | poesia | Fondo Editorial PUCP | tb 88 | 60
    Poemario sobre el cuerpo y el deseo femeninos, clave de la poesía peruana de los ochenta.
Ajuar funerario | fernando-iwasaki | 2004 | cuento | Páginas de Espuma | tb 128 | 180
    Microrrelatos de terror que mezclan el humor y lo macabro.
Lima la horrible | sebastian-salazar-bondy | 1964 | ensayo cronica | Peisa | tb 160 | 260
    Ensayo que desmonta la «Arcadia colonial» con la que la oligarquía idealizaba el pasado de
    Lima.
Cuentos andinos | enrique-lopez-albujar | 1920 | cuento | Peisa | bo 176 | 640
    Relatos sobre la vida y la justicia en las comunidades andinas de Huánuco.
Cholito en los Andes mágicos | oscar-colchado-lucio | 1986 | ninos | Editorial Horizonte | tb 96
    | 870
    Cholito viaja por el mundo andino y conoce a los seres de sus mitos y leyendas.
Buscando un inca | alberto-flores-galindo | 1986 | incas-y-mundo-andino ensayo | Editorial Horizonte
    | tb 432 | 260
    Ensayo sobre la utopía andina y la idea del retorno del Inca como respuesta a la dominación
    colonial. Premio Casa de las Américas 1986.
El surgimiento de Sendero Luminoso | carlos-ivan-degregori | 1990
    | ciencias-sociales peru-republicano | Instituto de Estudios Peruanos | tb 272 | 120
    Estudio sobre los orígenes de Sendero Luminoso en Ayacucho entre 1969 y 1979.
Desborde popular y crisis del Estado | jose-matos-mar | 1984 | ciencias-sociales
    | Instituto de Estudios Peruanos | tb 144 | 110
    La migración andina a Lima y la transformación de la ciudad, la economía y el Estado.
El otro sendero | hernando-de-soto | 1986 | ciencias-sociales | Planeta | tb 352 | 190
    Estudio sobre la economía informal en el Perú y los costos de acceder a la legalidad.
Historia del Perú contemporáneo | carlos-contreras, marcos-cueto | 1999 | peru-republicano
    | Instituto de Estudios Peruanos | tb 432 | 340
    Síntesis de la historia del Perú desde la independencia hasta fines del siglo XX.
Nueva corónica y buen gobierno | felipe-guaman-poma-de-ayala | - | incas-y-mundo-andino
    | Fondo de Cultura Económica | td 720 | 90
    Crónica ilustrada con cerca de cuatrocientos dibujos, dirigida al rey de España, que
    denuncia los abusos del régimen colonial.
Peru: The Cookbook | gaston-acurio | 2015 | gastronomia-peruana | Phaidon | td 432 | 270 | en
    Más de quinientas recetas de la cocina peruana casera, de los ceviches a los dulces.
Central | virgilio-martinez | 2016 | gastronomia-peruana | Phaidon | td 304 | 90 | en
    Recorrido por los ecosistemas y las alturas del Perú que inspiran la cocina del restaurante
    Central.
Ceviche: Peruvian Kitchen | martin-morales | 2013 | gastronomia-peruana | Weidenfeld & Nicolson
    | td 256 | 60 | en
    Recetas peruanas del restaurante londinense Ceviche.
De dónde venimos los cholos | marco-aviles | 2016 | cronica ciencias-sociales | Seix Barral | tb 176
    | 230
    Crónicas de viaje por el Perú sobre la identidad, el racismo y lo que significa ser cholo.
Ximena de dos caminos | laura-riesco | 1994 | novela | Peisa | tb 288 | 60
    Ximena, una niña que crece en un pueblo minero de la sierra central, descubre el mundo entre
    dos culturas.
El coronel no tiene quien le escriba | gabriel-garcia-marquez | 1961 | novela | Debolsillo | bo 104
    | 980
    Un coronel retirado espera durante años, junto a su esposa enferma y un gallo de pelea, la
    carta que le conceda su pensión.
Cien años de soledad | gabriel-garcia-marquez | 1967 | novela | Literatura Random House | tb 496
    | 3240 | -15
    La historia de siete generaciones de la familia Buendía en el pueblo de Macondo, obra cumbre
    del realismo mágico.
Relato de un náufrago | gabriel-garcia-marquez | 1970 | cronica | Debolsillo | bo 128 | 1100
    La historia real de Luis Alejandro Velasco, marinero colombiano que sobrevivió diez días a
    la deriva en el mar Caribe.
El otoño del patriarca | gabriel-garcia-marquez | 1975 | novela | Debolsillo | bo 304 | 260
    El largo reinado y la soledad de un dictador caribeño de edad indefinida.
Crónica de una muerte anunciada | gabriel-garcia-marquez | 1981 | novela | Debolsillo | bo 144
    | 1870
    Todo el pueblo sabe que los hermanos Vicario van a matar a Santiago Nasar, pero nadie lo
    impide.
El amor en los tiempos del cólera | gabriel-garcia-marquez | 1985 | novela | Literatura Random House
    | tb 464 | 1490
    Florentino Ariza espera más de cincuenta años para declarar de nuevo su amor a Fermina Daza.
Doce cuentos peregrinos | gabriel-garcia-marquez | 1992 | cuento | Debolsillo | bo 240 | 420
    Doce relatos sobre latinoamericanos en Europa.
Del amor y otros demonios | gabriel-garcia-marquez | 1994 | novela | Debolsillo | bo 208 | 560
    En la Cartagena colonial, Sierva María, una niña mordida por un perro, es encerrada en un
    convento por supuesta posesión demoníaca.
Noticia de un secuestro | gabriel-garcia-marquez | 1996 | cronica | Debolsillo | bo 336 | 380
    Reportaje sobre los secuestros de periodistas ordenados por Pablo Escobar en Colombia en
    1990.
Vivir para contarla | gabriel-garcia-marquez | 2002 | biografias | Literatura Random House | tb 592
    | 420
    Primer volumen de las memorias del autor, de su infancia en Aracataca a sus comienzos como
    periodista.
En agosto nos vemos | gabriel-garcia-marquez | 2024 | novela | Literatura Random House | td 144
    | 980
    Cada 16 de agosto, Ana Magdalena Bach visita la tumba de su madre en una isla del Caribe.
    Novela póstuma.
Bestiario | julio-cortazar | 1951 | cuento | Alfaguara | bo 160 | 380
    Primer libro de cuentos de Cortázar, con «Casa tomada» y «Carta a una señorita en París».
Final del juego | julio-cortazar | 1956 | cuento | Alfaguara | bo 208 | 340
    Cuentos como «Axolotl», «La noche boca arriba» y «Continuidad de los parques».
Historias de cronopios y de famas | julio-cortazar | 1962 | cuento | Alfaguara | bo 160 | 470
    Instrucciones absurdas y las aventuras de cronopios, famas y esperanzas.
Rayuela | julio-cortazar | 1963 | novela | Alfaguara | tb 736 | 1160
    Horacio Oliveira busca a la Maga entre París y Buenos Aires en una novela que puede leerse
    en más de un orden.
Todos los fuegos el fuego | julio-cortazar | 1966 | cuento | Alfaguara | bo 192 | 230
    Ocho cuentos, entre ellos «La autopista del sur» y «La isla a mediodía».
Historia universal de la infamia | jorge-luis-borges | 1935 | cuento | Debolsillo | bo 144 | 180
    Biografías apócrifas de piratas, impostores y asesinos, primer libro de ficciones de Borges.
Ficciones | jorge-luis-borges | 1944 | cuento | Debolsillo | bo 224 | 980
    Laberintos, bibliotecas infinitas y espejos en cuentos como «El jardín de senderos que se
    bifurcan» y «Funes el memorioso».
El Aleph | jorge-luis-borges | 1949 | cuento | Debolsillo | bo 224 | 870
    Cuentos sobre el infinito, la inmortalidad y la identidad, con «El Aleph» y «Emma Zunz».
El libro de arena | jorge-luis-borges | 1975 | cuento | Debolsillo | bo 144 | 290
    Trece cuentos tardíos de Borges, entre ellos el del libro de infinitas páginas.
La casa de los espíritus | isabel-allende | 1982 | novela | Plaza & Janés | tb 496 | 1280 | -20
    La saga de la familia Trueba a lo largo de cuatro generaciones en un país sudamericano,
    hasta el golpe militar.
Eva Luna | isabel-allende | 1987 | novela | Debolsillo | bo 352 | 320
    Eva Luna, una huérfana que cuenta historias, sobrevive en un país sudamericano sacudido por
    la guerrilla.
Paula | isabel-allende | 1994 | biografias | Debolsillo | bo 464 | 540
    Memorias escritas junto a la cama de su hija Paula, en coma.
Hija de la fortuna | isabel-allende | 1999 | novela | Debolsillo | bo 448 | 410
    Eliza Sommers viaja de Valparaíso a California durante la fiebre del oro en busca de su
    amante.
Violeta | isabel-allende | 2022 | novela | Plaza & Janés | tb 400 | 690
    Violeta del Valle cuenta su vida, de la pandemia de 1920 a la de 2020, en una carta a su
    nieto.
El viento conoce mi nombre | isabel-allende | 2023 | novela | Plaza & Janés | tb 352 | 780
    Un niño judío que huye de Viena en 1938 y una niña salvadoreña separada de su madre en la
    frontera de Estados Unidos.
Rebelión en la granja | george-orwell | 1945 | novela | Debolsillo | bo 144 | 1640
    Los animales de una granja expulsan a su dueño y fundan una sociedad igualitaria que pronto
    se corrompe.
1984 | george-orwell | 1949 | novela ciencia-ficcion | Debolsillo | bo 352 | 2350
    Winston Smith trabaja en el Ministerio de la Verdad bajo la vigilancia del Gran Hermano.
Nineteen Eighty-Four | george-orwell | 1949 | novela ciencia-ficcion | Penguin Books | bo 336 | 260
    | en
    Edición en inglés de la novela de Orwell sobre el Gran Hermano y el Ministerio de la Verdad.
Harry Potter y la piedra filosofal | j-k-rowling | 1997 | juvenil fantasia-epica | Salamandra
    | tb 264 | 3060
    Harry descubre en su undécimo cumpleaños que es un mago y entra al Colegio Hogwarts de Magia
    y Hechicería.
Harry Potter y la cámara secreta | j-k-rowling | 1998 | juvenil fantasia-epica | Salamandra | tb 288
    | 1920
    En su segundo año en Hogwarts, Harry oye voces en los muros mientras los alumnos aparecen
    petrificados.
Harry Potter y el prisionero de Azkaban | j-k-rowling | 1999 | juvenil fantasia-epica | Salamandra
    | tb 360 | 1780
    Sirius Black escapa de la prisión de Azkaban y todo indica que busca a Harry.
Harry Potter y el cáliz de fuego | j-k-rowling | 2000 | juvenil fantasia-epica | Salamandra | tb 640
    | 1540
    Harry es elegido misteriosamente para competir en el Torneo de los Tres Magos.
Harry Potter y la Orden del Fénix | j-k-rowling | 2003 | juvenil fantasia-epica | Salamandra
    | tb 896 | 1370
    Harry y sus amigos forman un grupo secreto mientras el Ministerio de Magia niega el regreso
    de Voldemort.
Harry Potter y el misterio del príncipe | j-k-rowling | 2005 | juvenil fantasia-epica | Salamandra
    | tb 608 | 1290
    Dumbledore revela a Harry el pasado de Voldemort mientras un viejo libro de pociones
    despierta su curiosidad.
Harry Potter y las Reliquias de la Muerte | j-k-rowling | 2007 | juvenil fantasia-epica | Salamandra
    | tb 784 | 1350
    Harry, Ron y Hermione abandonan Hogwarts para buscar los horrocruxes de Voldemort.
Harry Potter and the Philosopher's Stone | j-k-rowling | 1997 | juvenil fantasia-epica | Bloomsbury
    | tb 352 | 420 | en
    Edición británica en inglés del primer libro de la saga.
Tokio blues (Norwegian Wood) | haruki-murakami | 1987 | novela | Tusquets | tb 384 | 1460
    Toru Watanabe recuerda su juventud en Tokio a fines de los años sesenta y su amor por Naoko.
Crónica del pájaro que da cuerda al mundo | haruki-murakami | 1994 | novela | Tusquets | tb 912
    | 330
    Toru Okada busca a su gato y luego a su esposa desaparecida, y acaba en el fondo de un pozo.
Kafka en la orilla | haruki-murakami | 2002 | novela | Tusquets | tb 592 | 760 | -25
    Un adolescente que huye de casa y un anciano que habla con los gatos recorren caminos que se
    cruzan.
De qué hablo cuando hablo de correr | haruki-murakami | 2007 | biografias | Tusquets | tb 200 | 520
    Memorias del autor sobre las carreras de fondo, los maratones y el oficio de escribir.
1Q84 (Libros 1 y 2) | haruki-murakami | 2009 | novela | Tusquets | tb 736 | 470
    Aomame y Tengo viven en un Tokio de 1984 que se ha desviado hacia un mundo con dos lunas.
Los años de peregrinación del chico sin color | haruki-murakami | 2013 | novela | Tusquets | tb 320
    | 390
    Tsukuru Tazaki busca a los amigos que lo expulsaron de su grupo dieciséis años atrás.
La ciudad y sus muros inciertos | haruki-murakami | 2023 | novela | Tusquets | tb 656 | 690
    Un hombre busca a una muchacha en una ciudad amurallada donde las personas viven separadas
    de su sombra.
Estrella distante | roberto-bolano | 1996 | novela | Anagrama | bo 160 | 210
    La búsqueda de Carlos Wieder, poeta y piloto de la Fuerza Aérea chilena vinculado a los
    crímenes de la dictadura.
Los detectives salvajes | roberto-bolano | 1998 | novela | Anagrama | tb 624 | 660 | -20
    Arturo Belano y Ulises Lima, poetas real visceralistas, buscan a la escritora Cesárea
    Tinajero. Premio Rómulo Gallegos 1999.
Nocturno de Chile | roberto-bolano | 2000 | novela | Anagrama | bo 160 | 190
    Un sacerdote y crítico literario repasa, en una noche febril, su complicidad con el poder en
    Chile.
2666 | roberto-bolano | 2004 | novela | Anagrama | tb 1128 | 340
    Cinco partes unidas por la ciudad de Santa Teresa, en la frontera mexicana, y sus asesinatos
    de mujeres. Novela póstuma.
El llano en llamas | juan-rulfo | 1953 | cuento | RM | bo 160 | 740
    Cuentos sobre los campesinos de Jalisco, entre ellos «No oyes ladrar los perros» y «¡Diles
    que no me maten!».
Pedro Páramo | juan-rulfo | 1955 | novela | RM | bo 128 | 1630
    Juan Preciado llega a Comala en busca de su padre, Pedro Páramo, y encuentra un pueblo
    habitado por murmullos y fantasmas.
Veinte poemas de amor y una canción desesperada | pablo-neruda | 1924 | poesia | Seix Barral | bo 96
    | 1720
    El poemario de amor más leído en lengua española: «Puedo escribir los versos más tristes
    esta noche».
Canto general | pablo-neruda | 1950 | poesia | Seix Barral | tb 560 | 280
    Poema épico sobre la historia y la naturaleza de América, con «Alturas de Macchu Picchu».
Confieso que he vivido | pablo-neruda | 1974 | biografias | Seix Barral | tb 480 | 350
    Memorias póstumas de Neruda, de su infancia en Temuco a sus días finales.
Desolación | gabriela-mistral | 1922 | poesia | Editorial Universitaria | tb 208 | 120
    Primer libro de Gabriela Mistral, publicado en Nueva York, con los «Sonetos de la muerte».
Ternura | gabriela-mistral | 1924 | poesia ninos | Editorial Universitaria | tb 128 | 210
    Canciones de cuna, rondas y poemas para niños.
Memorial del convento | jose-saramago | 1982 | novela | Alfaguara | tb 464 | 190
    La construcción del convento de Mafra en el siglo XVIII y el amor de Baltasar y Blimunda.
El evangelio según Jesucristo | jose-saramago | 1991 | novela | Alfaguara | tb 464 | 240
    La vida de Jesús contada como la de un hombre frente a un Dios implacable.
Ensayo sobre la ceguera | jose-saramago | 1995 | novela | Alfaguara | tb 352 | 1120
    Una epidemia de ceguera blanca se extiende por una ciudad y revela lo peor y lo mejor de sus
    habitantes.
Las intermitencias de la muerte | jose-saramago | 2005 | novela | Debolsillo | bo 288 | 360
    En un país sin nombre, la gente deja de morir a partir del primer día del año.
Don Quijote de la Mancha | miguel-de-cervantes | 1605 | novela | Alfaguara | td 1376 | 1190 | -15
    Las aventuras del hidalgo Alonso Quijano y su escudero Sancho Panza. Edición del IV
    Centenario de la Real Academia Española.
Novelas ejemplares | miguel-de-cervantes | 1613 | novela cuento | Cátedra | bo 640 | 140
    Doce novelas cortas de Cervantes, entre ellas «Rinconete y Cortadillo» y «El coloquio de los
    perros».
Sentido y sensibilidad | jane-austen | 1811 | novela | Penguin Clásicos | bo 416 | 380
    Las hermanas Elinor y Marianne Dashwood afrontan el amor, una con razón y la otra con
    pasión.
Orgullo y prejuicio | jane-austen | 1813 | novela | Penguin Clásicos | bo 448 | 1450
    Elizabeth Bennet y el orgulloso señor Darcy aprenden a vencer sus primeras impresiones.
Emma | jane-austen | 1815 | novela | Penguin Clásicos | bo 544 | 270
    Emma Woodhouse, joven rica y segura de sí, se empeña en arreglar los matrimonios de los
    demás.
Pride and Prejudice | jane-austen | 1813 | novela | Penguin Books | bo 432 | 190 | en
    Edición en inglés del clásico de Jane Austen.
El Hobbit | j-r-r-tolkien | 1937 | fantasia-epica juvenil | Minotauro | tb 320 | 1560
    Bilbo Bolsón acompaña a trece enanos y al mago Gandalf a recuperar el tesoro custodiado por
    el dragón Smaug.
La Comunidad del Anillo | j-r-r-tolkien | 1954 | fantasia-epica | Minotauro | tb 576 | 1080
    Frodo hereda el Anillo Único y parte de la Comarca con sus compañeros para destruirlo.
    Primera parte de El Señor de los Anillos.
Las dos torres | j-r-r-tolkien | 1954 | fantasia-epica | Minotauro | tb 480 | 820
    La Comunidad se dispersa: Frodo y Sam avanzan hacia Mordor mientras sus compañeros combaten
    en Rohan.
El retorno del Rey | j-r-r-tolkien | 1955 | fantasia-epica | Minotauro | tb 560 | 790
    La guerra del Anillo llega a su desenlace ante los muros de Minas Tirith y en el Monte del
    Destino.
El Silmarillion | j-r-r-tolkien | 1977 | fantasia-epica | Minotauro | tb 448 | 260
    Los mitos y las leyendas de los Días Antiguos de la Tierra Media. Obra póstuma editada por
    Christopher Tolkien.
El asesinato de Roger Ackroyd | agatha-christie | 1926 | policial | Planeta | bo 320 | 410
    Hercule Poirot investiga la muerte de un rico industrial en un tranquilo pueblo inglés.
Asesinato en el Orient Express | agatha-christie | 1934 | policial | Planeta | bo 256 | 980
    Un tren detenido por la nieve, un pasajero asesinado y doce sospechosos para Hercule Poirot.
Muerte en el Nilo | agatha-christie | 1937 | policial | Planeta | bo 368 | 520
    Un crimen a bordo de un crucero por el Nilo reúne a Poirot con una heredera y sus enemigos.
Y no quedó ninguno | agatha-christie | 1939 | policial | Planeta | bo 256 | 870
    Diez desconocidos invitados a una isla mueren uno tras otro según una canción infantil.
Carrie | stephen-king | 1974 | policial | Debolsillo | bo 272 | 260
    Una adolescente humillada por sus compañeras descubre sus poderes telequinéticos. Primera
    novela de King.
El resplandor | stephen-king | 1977 | policial | Debolsillo | bo 688 | 640
    Jack Torrance acepta cuidar el aislado hotel Overlook durante el invierno con su esposa y su
    hijo Danny.
It | stephen-king | 1986 | policial | Debolsillo | bo 1504 | 1020
    Un grupo de amigos de Derry se enfrenta de niños y luego de adultos a un ser que adopta la
    forma del payaso Pennywise.
Misery | stephen-king | 1987 | policial | Debolsillo | bo 400 | 440
    Un escritor herido en un accidente queda a merced de Annie Wilkes, su admiradora número uno.
22/11/63 | stephen-king | 2011 | policial ciencia-ficcion | Debolsillo | bo 880 | 360
    Un profesor viaja en el tiempo para intentar impedir el asesinato de John F. Kennedy.
El nombre de la rosa | umberto-eco | 1980 | novela policial | Lumen | tb 784 | 890 | -25
    En 1327, fray Guillermo de Baskerville investiga una serie de muertes en una abadía
    benedictina con una biblioteca prohibida.
El péndulo de Foucault | umberto-eco | 1988 | novela | Lumen | tb 736 | 180
    Tres editores de Milán inventan por juego un complot templario que termina por volverse
    real.
La metamorfosis | franz-kafka | 1915 | novela | Alianza Editorial | bo 112 | 1730
    Gregor Samsa despierta una mañana convertido en un monstruoso insecto.
El proceso | franz-kafka | 1925 | novela | Alianza Editorial | bo 288 | 410
    Josef K. es arrestado una mañana sin saber de qué se le acusa.
Carta al padre | franz-kafka | 1952 | ensayo biografias | Alianza Editorial | bo 96 | 330
    La carta que Kafka escribió a su padre en 1919 y que nunca le entregó.
El extranjero | albert-camus | 1942 | novela | Alianza Editorial | bo 144 | 1050
    Meursault, un empleado de Argel, mata a un árabe en una playa y es juzgado también por no
    haber llorado a su madre.
El mito de Sísifo | albert-camus | 1942 | filosofia ensayo | Alianza Editorial | bo 192 | 260
    Ensayo sobre lo absurdo y la pregunta de si la vida merece ser vivida.
La peste | albert-camus | 1947 | novela | Debolsillo | bo 352 | 470
    Una epidemia de peste cerca la ciudad argelina de Orán y pone a prueba a sus habitantes.
Vuelo nocturno | antoine-de-saint-exupery | 1931 | novela | Salamandra | bo 128 | 150
    Los pilotos del correo aéreo sudamericano arriesgan la vida en vuelos nocturnos sobre los
    Andes y la Patagonia.
El principito | antoine-de-saint-exupery | 1943 | ninos novela | Salamandra | td 96 | 3420
    Un aviador perdido en el desierto del Sahara conoce a un pequeño príncipe venido de un
    asteroide.
Momo | michael-ende | 1973 | juvenil fantasia-epica | Alfaguara | tb 304 | 620
    Momo, una niña que sabe escuchar, se enfrenta a los hombres grises que roban el tiempo a las
    personas.
La historia interminable | michael-ende | 1979 | juvenil fantasia-epica | Alfaguara | td 496 | 830
    Bastián lee un libro robado sobre el reino de Fantasía y descubre que la historia lo
    necesita.
Charlie y la fábrica de chocolate | roald-dahl | 1964 | ninos | Loqueleo | tb 192 | 1240
    Charlie Bucket encuentra un billete dorado para visitar la fábrica del misterioso Willy
    Wonka.
Fantástico Sr. Fox | roald-dahl | 1970 | ninos | Loqueleo | tb 112 | 340
    Un zorro astuto burla a tres granjeros malvados para alimentar a su familia.
Las brujas | roald-dahl | 1983 | ninos | Loqueleo | tb 208 | 760
    Un niño y su abuela noruega descubren el plan de las brujas de Inglaterra para convertir a
    los niños en ratones.
Matilda | roald-dahl | 1988 | ninos | Loqueleo | tb 240 | 1310
    Matilda, una niña prodigio que adora los libros, se enfrenta a sus padres y a la temible
    directora Trunchbull.
Sapiens ~ De animales a dioses | yuval-noah-harari | 2011 | divulgacion | Debate | tb 496 | 2480
    | -20
    Breve historia de la humanidad, de la revolución cognitiva a la revolución científica.
Homo Deus ~ Breve historia del mañana | yuval-noah-harari | 2015 | divulgacion | Debate | tb 496
    | 840
    Cómo podrían cambiar la humanidad y sus metas en el siglo XXI.
21 lecciones para el siglo XXI | yuval-noah-harari | 2018 | divulgacion ensayo | Debate | tb 408
    | 690
    Reflexiones sobre los grandes desafíos del presente, de la tecnología a la política.
Nexus ~ Una breve historia de las redes de información | yuval-noah-harari | 2024 | divulgacion
    | Debate | tb 576 | 1120
    Historia de las redes de información, de la Edad de Piedra a la inteligencia artificial.
El alquimista | paulo-coelho | 1988 | novela autoayuda | Planeta | bo 192 | 1980
    Santiago, un pastor andaluz, viaja hasta Egipto en busca de un tesoro soñado.
Once minutos | paulo-coelho | 2003 | novela | Planeta | bo 320 | 340
    María, una joven brasileña, llega a Ginebra soñando con la fama y termina trabajando en un
    club.
La sombra del viento | carlos-ruiz-zafon | 2001 | novela policial | Planeta | tb 576 | 1410 | -20
    En la Barcelona de posguerra, Daniel Sempere encuentra en el Cementerio de los Libros
    Olvidados una novela cuyo autor alguien quiere borrar.
El juego del ángel | carlos-ruiz-zafon | 2008 | novela policial | Planeta | tb 672 | 480
    David Martín, joven escritor en la Barcelona de los años veinte, acepta el encargo de un
    misterioso editor.
La tabla de Flandes | arturo-perez-reverte | 1990 | novela policial | Alfaguara | bo 448 | 190
    Una restauradora descubre una inscripción oculta en un cuadro del siglo XV que plantea un
    enigma de ajedrez.
El club Dumas | arturo-perez-reverte | 1993 | novela policial | Alfaguara | bo 512 | 230
    Lucas Corso, cazador de libros raros, investiga un manuscrito de Los tres mosqueteros y un
    libro para invocar al diablo.
Corazón tan blanco | javier-marias | 1992 | novela | Alfaguara | tb 352 | 150
    Un traductor recién casado indaga en el suicidio de la primera esposa de su padre.
Las cosas que perdimos en el fuego | mariana-enriquez | 2016 | cuento | Anagrama | tb 208 | 420
    Cuentos de terror situados en la Argentina contemporánea.
Nuestra parte de noche | mariana-enriquez | 2019 | novela | Anagrama | tb 672 | 560
    Un padre y su hijo recorren la Argentina de la dictadura huyendo de una sociedad secreta que
    adora a la Oscuridad. Premio Herralde 2019.
Distancia de rescate | samanta-schweblin | 2014 | novela | Literatura Random House | tb 128 | 370
    Amanda, moribunda en una clínica rural, reconstruye con un niño lo que le ocurrió a ella y a
    su hija.
Kentukis | samanta-schweblin | 2018 | novela | Literatura Random House | tb 224 | 210
    Unos peluches con cámara permiten a desconocidos observar la vida de sus dueños.
La hija única | guadalupe-nettel | 2020 | novela | Anagrama | tb 232 | 260
    Laura decide no tener hijos mientras su amiga Alina espera una niña que nacerá con un
    diagnóstico inesperado.
Temporada de huracanes | fernanda-melchor | 2017 | novela | Literatura Random House | tb 224 | 230
    El asesinato de la Bruja en un pueblo de Veracruz, contado por las voces de quienes la
    rodeaban.
La muerte de Artemio Cruz | carlos-fuentes | 1962 | novela | Alfaguara | tb 368 | 170
    En su lecho de muerte, un magnate revive su vida desde la Revolución mexicana.
Aura | carlos-fuentes | 1962 | novela | Alfaguara | bo 80 | 360
    Un joven historiador acepta trabajar en la casa de una anciana viuda y conoce a su sobrina,
    Aura.
El laberinto de la soledad | octavio-paz | 1950 | ensayo | Fondo de Cultura Económica | bo 368 | 410
    Ensayo sobre la identidad y la historia del pueblo mexicano.
Piedra de sol | octavio-paz | 1957 | poesia | Fondo de Cultura Económica | bo 64 | 120
    Poema circular de 584 versos, el ciclo del planeta Venus en el calendario azteca.
Como agua para chocolate | laura-esquivel | 1989 | novela | Debolsillo | bo 256 | 960
    Tita, condenada por tradición a cuidar de su madre, expresa su amor prohibido por Pedro a
    través de la cocina.
La noche de Tlatelolco | elena-poniatowska | 1971 | cronica | Era | tb 288 | 130
    Testimonios sobre la masacre de estudiantes del 2 de octubre de 1968 en la Ciudad de México.
Poemas de la oficina | mario-benedetti | 1956 | poesia | Seix Barral | bo 112 | 180
    Poemas sobre la rutina de los empleados de oficina de Montevideo.
La tregua | mario-benedetti | 1960 | novela | Seix Barral | bo 208 | 760
    Martín Santomé, viudo a punto de jubilarse, escribe en su diario el amor inesperado por una
    joven compañera de trabajo.
Las venas abiertas de América Latina | eduardo-galeano | 1971 | ensayo ciencias-sociales | Siglo XXI
    | tb 400 | 710
    Historia del saqueo de los recursos de América Latina desde la conquista.
El libro de los abrazos | eduardo-galeano | 1989 | cuento | Siglo XXI | tb 272 | 520
    Relatos breves sobre la memoria, el amor y la política, con ilustraciones del autor.
Cuentos de amor de locura y de muerte | horacio-quiroga | 1917 | cuento | Losada | bo 192 | 310
    Cuentos como «El almohadón de plumas» y «La gallina degollada».
Cuentos de la selva | horacio-quiroga | 1918 | cuento ninos | Loqueleo | tb 128 | 980
    Historias de animales de la selva de Misiones, como «La tortuga gigante» y «La guerra de los
    yacarés».
El túnel | ernesto-sabato | 1948 | novela | Seix Barral | bo 160 | 840
    El pintor Juan Pablo Castel confiesa desde la cárcel cómo y por qué mató a María Iribarne.
Sobre héroes y tumbas | ernesto-sabato | 1961 | novela | Seix Barral | tb 544 | 160
    Martín se enamora de la enigmática Alejandra en un Buenos Aires atravesado por la historia
    argentina.
La invención de Morel | adolfo-bioy-casares | 1940 | novela ciencia-ficcion | Alianza Editorial
    | bo 144 | 230
    Un fugitivo en una isla desierta descubre a unos visitantes que repiten sus gestos una y
    otra vez.
El beso de la mujer araña | manuel-puig | 1976 | novela | Seix Barral | bo 288 | 190
    En una cárcel de Buenos Aires, Molina cuenta películas a Valentín, un preso político.
Bonsái | alejandro-zambra | 2006 | novela | Anagrama | bo 96 | 150
    La historia de amor de Julio y Emilia, dos estudiantes de literatura en Santiago de Chile.
Árbol de Diana | alejandra-pizarnik | 1962 | poesia | Lumen | bo 80 | 160
    Treinta y ocho poemas breves, con prólogo de Octavio Paz.
El olvido que seremos | hector-abad-faciolince | 2006 | biografias | Alfaguara | tb 320 | 520
    El autor recuerda a su padre, el médico Héctor Abad Gómez, asesinado en Medellín en 1987.
Delirio | laura-restrepo | 2004 | novela | Alfaguara | tb 352 | 170
    Aguilar regresa a casa y encuentra a su esposa Agustina sumida en la locura, en la Bogotá
    del narcotráfico. Premio Alfaguara 2004.
El ruido de las cosas al caer | juan-gabriel-vasquez | 2011 | novela | Alfaguara | tb 288 | 210
    Un profesor de Bogotá investiga el pasado del hombre con quien presenció un atentado. Premio
    Alfaguara 2011.
María | jorge-isaacs | 1867 | novela | Cátedra | bo 448 | 180
    El amor de Efraín y su prima María en una hacienda del valle del Cauca.
Doña Bárbara | romulo-gallegos | 1929 | novela | Cátedra | bo 544 | 140
    En los llanos venezolanos, el abogado Santos Luzardo se enfrenta a la poderosa y temida doña
    Bárbara.
Los suicidas del fin del mundo | leila-guerriero | 2005 | cronica | Anagrama | tb 224 | 110
    Crónica sobre una ola de suicidios de jóvenes en el pueblo petrolero de Las Heras, en la
    Patagonia.
El hambre | martin-caparros | 2014 | cronica ciencias-sociales | Planeta | tb 624 | 120
    Viaje por los países donde se pasa hambre y ensayo sobre sus causas.
Adiós a las armas | ernest-hemingway | 1929 | novela | Debolsillo | bo 384 | 240
    Un conductor de ambulancias estadounidense en el frente italiano se enamora de una enfermera
    inglesa.
El viejo y el mar | ernest-hemingway | 1952 | novela | Debolsillo | bo 128 | 1040
    Santiago, un viejo pescador cubano, lucha durante días con un enorme pez espada en el mar.
El gran Gatsby | f-scott-fitzgerald | 1925 | novela | Debolsillo | bo 208 | 720
    Nick Carraway observa el lujo y las fiestas de su vecino Jay Gatsby, obsesionado con Daisy
    Buchanan.
The Great Gatsby | f-scott-fitzgerald | 1925 | novela | Penguin Books | bo 192 | 140 | en
    Edición en inglés de la novela de la era del jazz.
Matar a un ruiseñor | harper-lee | 1960 | novela | Harper Collins | tb 384 | 640 | -15
    Scout Finch ve a su padre, el abogado Atticus, defender a un hombre negro acusado
    injustamente en Alabama.
El guardián entre el centeno | j-d-salinger | 1951 | novela juvenil | Alianza Editorial | bo 256
    | 540
    Holden Caulfield, expulsado de su colegio, vaga por Nueva York durante tres días.
Frankenstein | mary-shelley | 1818 | novela ciencia-ficcion | Penguin Clásicos | bo 304 | 680
    Victor Frankenstein da vida a una criatura que, rechazada por todos, se vuelve contra su
    creador.
Drácula | bram-stoker | 1897 | novela | Penguin Clásicos | bo 544 | 590
    Jonathan Harker viaja a Transilvania para cerrar un negocio con el conde Drácula.
El retrato de Dorian Gray | oscar-wilde | 1890 | novela | Penguin Clásicos | bo 304 | 810
    Dorian Gray conserva su juventud mientras su retrato envejece y se corrompe en su lugar.
Oliver Twist | charles-dickens | 1838 | novela | Penguin Clásicos | bo 576 | 240
    Un huérfano escapa del hospicio y cae en una banda de ladrones de Londres.
Cuento de Navidad | charles-dickens | 1843 | novela ninos | Penguin Clásicos | bo 128 | 690
    El avaro Ebenezer Scrooge recibe en Nochebuena la visita de tres espíritus.
Jane Eyre | charlotte-bronte | 1847 | novela | Penguin Clásicos | bo 640 | 470
    Una institutriz huérfana se enamora del señor Rochester, dueño de una mansión con un
    secreto.
Cumbres borrascosas | emily-bronte | 1847 | novela | Penguin Clásicos | bo 464 | 560
    La pasión destructiva entre Heathcliff y Catherine Earnshaw en los páramos de Yorkshire.
La señora Dalloway | virginia-woolf | 1925 | novela | Lumen | bo 224 | 310
    Un día de junio en Londres, Clarissa Dalloway prepara una fiesta.
Una habitación propia | virginia-woolf | 1929 | ensayo | Seix Barral | bo 160 | 540
    Ensayo sobre las mujeres y la escritura: para escribir, una mujer necesita dinero y una
    habitación propia.
Un mundo feliz | aldous-huxley | 1932 | novela ciencia-ficcion | Debolsillo | bo 256 | 980
    Una sociedad futura donde las personas se fabrican en laboratorio y la felicidad se
    garantiza con una droga.
Crónicas marcianas | ray-bradbury | 1950 | ciencia-ficcion cuento | Minotauro | bo 272 | 280
    Relatos sobre la colonización de Marte por los seres humanos.
Fahrenheit 451 | ray-bradbury | 1953 | ciencia-ficcion novela | Debolsillo | bo 192 | 870
    Guy Montag es un bombero cuyo trabajo es quemar libros, hasta que empieza a leerlos.
El cuento de la criada | margaret-atwood | 1985 | novela ciencia-ficcion | Salamandra | tb 416 | 720
    | -20
    En la República de Gilead, Defred es una criada obligada a dar hijos a un comandante.
Beloved | toni-morrison | 1987 | novela | Lumen | bo 384 | 190
    Sethe, una esclava fugitiva, vive acosada por el fantasma de su hija muerta en Ohio tras la
    guerra civil.
La trilogía de Nueva York | paul-auster | 1987 | novela policial | Seix Barral | bo 384 | 230
    Tres novelas breves de detectives, identidades y escritores que se pierden en Nueva York.
La carretera | cormac-mccarthy | 2006 | novela | Debolsillo | bo 224 | 390
    Un padre y su hijo caminan hacia el sur por un país arrasado por una catástrofe. Premio
    Pulitzer 2007.
Los restos del día | kazuo-ishiguro | 1989 | novela | Anagrama | bo 288 | 210
    Stevens, mayordomo inglés, recuerda sus años al servicio de Lord Darlington durante un viaje
    en coche.
Nunca me abandones | kazuo-ishiguro | 2005 | novela ciencia-ficcion | Anagrama | bo 368 | 310
    Kathy recuerda su infancia en Hailsham, un internado inglés con un propósito inquietante.
Gente normal | sally-rooney | 2018 | novela | Literatura Random House | tb 272 | 560
    Connell y Marianne se encuentran y se separan una y otra vez entre su pueblo irlandés y
    Dublín.
Dune | frank-herbert | 1965 | ciencia-ficcion | Debolsillo | bo 784 | 930
    Paul Atreides llega al desierto de Arrakis, único planeta productor de la especia.
Yo, robot | isaac-asimov | 1950 | ciencia-ficcion cuento | Edhasa | bo 336 | 310
    Relatos sobre robots gobernados por las tres leyes de la robótica.
Fundación | isaac-asimov | 1951 | ciencia-ficcion | Debolsillo | bo 256 | 440
    El psicohistoriador Hari Seldon prevé la caída del Imperio Galáctico y crea una fundación
    para acortar la edad oscura.
Un mago de Terramar | ursula-k-le-guin | 1968 | fantasia-epica juvenil | Minotauro | bo 240 | 180
    Ged, un joven aprendiz de mago, libera por orgullo una sombra que debe perseguir por todo el
    archipiélago.
Juego de tronos | george-r-r-martin | 1996 | fantasia-epica | Plaza & Janés | tb 800 | 760 | -25
    Las grandes casas de Poniente luchan por el Trono de Hierro mientras en el norte se acerca
    el invierno.
Los juegos del hambre | suzanne-collins | 2008 | juvenil ciencia-ficcion | Molino | tb 400 | 980
    Katniss Everdeen se ofrece como tributo en lugar de su hermana en un combate televisado a
    muerte.
El código Da Vinci | dan-brown | 2003 | policial | Planeta | bo 624 | 760
    El profesor Robert Langdon investiga un asesinato en el Louvre que esconde un secreto
    guardado durante siglos.
Los hombres que no amaban a las mujeres | stieg-larsson | 2005 | policial | Destino | bo 672 | 510
    El periodista Mikael Blomkvist y la hacker Lisbeth Salander investigan una desaparición
    ocurrida cuarenta años atrás. Millennium 1.
Estudio en escarlata | arthur-conan-doyle | 1887 | policial | Alianza Editorial | bo 192 | 290
    Primera aventura de Sherlock Holmes y el doctor Watson.
El sabueso de los Baskerville | arthur-conan-doyle | 1902 | policial | Alianza Editorial | bo 256
    | 480
    Holmes y Watson investigan la leyenda de un perro infernal en los páramos de Devon.
Narraciones extraordinarias | edgar-allan-poe | - | cuento policial | Alianza Editorial | bo 352
    | 520
    Selección de cuentos de Poe, con «El gato negro», «El corazón delator» y «Los crímenes de la
    calle Morgue».
Alicia en el país de las maravillas | lewis-carroll | 1865 | ninos fantasia-epica
    | Alianza Editorial | tb 192 | 780
    Alicia sigue a un conejo blanco por una madriguera y entra en un mundo absurdo.
El león, la bruja y el armario | c-s-lewis | 1950 | ninos fantasia-epica | Destino | tb 208 | 560
    Cuatro hermanos atraviesan un armario y llegan a Narnia, sometida al invierno eterno de la
    Bruja Blanca.
Percy Jackson y el ladrón del rayo | rick-riordan | 2005 | juvenil fantasia-epica | Salamandra
    | tb 288 | 820
    Percy descubre que es hijo de Poseidón y es acusado de robar el rayo de Zeus.
Bajo la misma estrella | john-green | 2012 | juvenil | Nube de Tinta | tb 304 | 690
    Hazel y Augustus, dos adolescentes con cáncer, se enamoran y viajan a Ámsterdam para conocer
    a su escritor favorito.
La lección de August | r-j-palacio | 2012 | juvenil ninos | Nube de Tinta | tb 416 | 1100
    August Pullman, un niño con una malformación facial, va por primera vez a la escuela.
Diario de Ana Frank | anne-frank | 1947 | biografias | Debolsillo | bo 368 | 1210
    El diario que Ana Frank escribió durante los dos años que pasó escondida de los nazis en
    Ámsterdam.
Mi historia | michelle-obama | 2018 | biografias | Plaza & Janés | tb 512 | 540
    Memorias de Michelle Obama, de su infancia en Chicago a sus años en la Casa Blanca.
Steve Jobs | walter-isaacson | 2011 | biografias | Debate | tb 752 | 420
    Biografía del fundador de Apple, escrita a partir de más de cuarenta entrevistas con él.
Hábitos atómicos | james-clear | 2018 | autoayuda | Paidós | tb 336 | 2890 | -15
    Un método práctico para crear buenos hábitos y abandonar los malos mediante pequeños
    cambios.
El hombre en busca de sentido | viktor-frankl | 1946 | autoayuda biografias | Herder | bo 168 | 1460
    Relato de la experiencia del autor en los campos de concentración y base de la logoterapia.
Cómo ganar amigos e influir sobre las personas | dale-carnegie | 1936 | autoayuda | Debolsillo
    | bo 320 | 840
    Principios clásicos para mejorar las relaciones personales y profesionales.
Los 7 hábitos de la gente altamente efectiva | stephen-r-covey | 1989 | autoayuda | Paidós | tb 496
    | 760 | -20
    Siete hábitos para la efectividad personal y profesional, de la proactividad a la mejora
    continua.
Padre rico, padre pobre | robert-t-kiyosaki | 1997 | autoayuda | Debolsillo | bo 256 | 1630
    Lo que los ricos enseñan a sus hijos sobre el dinero, contado a partir de las lecciones de
    dos padres.
El sutil arte de que te importe un carajo | mark-manson | 2016 | autoayuda | Harper Collins | tb 224
    | 1020
    Un enfoque irreverente sobre qué cosas merecen de verdad nuestra preocupación.
La magia del orden | marie-kondo | 2011 | autoayuda | Aguilar | tb 224 | 430
    El método KonMari para ordenar la casa por categorías y conservar solo lo que inspira
    felicidad.
Los cuatro acuerdos | miguel-ruiz | 1997 | autoayuda | Urano | bo 160 | 1210
    Cuatro principios de la sabiduría tolteca para la libertad personal.
El poder del ahora | eckhart-tolle | 1997 | autoayuda | Gaia | tb 240 | 680
    Una guía espiritual para vivir en el momento presente.
Pensar rápido, pensar despacio | daniel-kahneman | 2011 | divulgacion | Debate | tb 672 | 520
    Los dos sistemas que gobiernan nuestro pensamiento y los sesgos que afectan nuestras
    decisiones.
Armas, gérmenes y acero | jared-diamond | 1997 | divulgacion ciencias-sociales | Debate | tb 592
    | 280
    Por qué algunas sociedades dominaron a otras: la geografía, la agricultura y las epidemias
    en la historia humana.
Breve historia del tiempo | stephen-hawking | 1988 | divulgacion | Crítica | tb 256 | 470
    Del big bang a los agujeros negros: el origen y el destino del universo explicados para el
    gran público.
Cosmos | carl-sagan | 1980 | divulgacion | Planeta | tb 384 | 380
    La historia del universo, de la vida y de la ciencia, basada en la serie de televisión del
    autor.
El segundo sexo | simone-de-beauvoir | 1949 | filosofia ensayo | Cátedra | tb 912 | 240
    Ensayo fundacional del feminismo moderno: «No se nace mujer: se llega a serlo».
Eichmann en Jerusalén | hannah-arendt | 1963 | filosofia ensayo | Debolsillo | bo 464 | 190
    Crónica del juicio a Adolf Eichmann y reflexión sobre la banalidad del mal.
Crimen y castigo | fiodor-dostoievski | 1866 | novela | Alianza Editorial | bo 704 | 690
    Raskólnikov, un estudiante pobre de San Petersburgo, asesina a una vieja usurera y se
    enfrenta a su conciencia.
Los hermanos Karamázov | fiodor-dostoievski | 1880 | novela | Cátedra | tb 1024 | 200
    El asesinato de Fiódor Karamázov enfrenta a sus hijos con la culpa, la fe y la libertad.
Anna Karénina | leon-tolstoi | 1877 | novela | Alba | tb 1024 | 310
    Anna, casada con un alto funcionario, se enamora del conde Vronski en la alta sociedad rusa.
La muerte de Iván Ilich | leon-tolstoi | 1886 | novela | Alianza Editorial | bo 128 | 230
    Un juez ante la enfermedad y la muerte descubre el vacío de la vida que ha llevado.
El maestro y Margarita | mijail-bulgakov | 1967 | novela | Alianza Editorial | bo 576 | 260
    El diablo visita el Moscú soviético mientras un escritor encerrado escribe sobre Poncio
    Pilatos.
Lolita | vladimir-nabokov | 1955 | novela | Anagrama | bo 400 | 210
    Humbert Humbert narra su obsesión por Dolores Haze, una niña de doce años.
Los miserables | victor-hugo | 1862 | novela | Alianza Editorial | tb 1472 | 330
    El ex presidiario Jean Valjean busca redimirse mientras lo persigue el inspector Javert.
Madame Bovary | gustave-flaubert | 1857 | novela | Alianza Editorial | bo 480 | 270
    Emma Bovary, casada con un médico de provincia, busca en el adulterio la vida de sus
    novelas.
El conde de Montecristo | alexandre-dumas | 1844 | novela | Debolsillo | bo 1264 | 490
    Edmundo Dantès, encarcelado injustamente, escapa del castillo de If y prepara su venganza.
Veinte mil leguas de viaje submarino | julio-verne | 1870 | juvenil novela | Alianza Editorial
    | bo 560 | 330
    El profesor Aronnax recorre los océanos a bordo del Nautilus, el submarino del capitán Nemo.
La vuelta al mundo en ochenta días | julio-verne | 1872 | juvenil novela | Alianza Editorial
    | bo 288 | 460
    Phileas Fogg apuesta que puede dar la vuelta al mundo en ochenta días.
Por el camino de Swann | marcel-proust | 1913 | novela | Alianza Editorial | bo 592 | 90
    Primer volumen de En busca del tiempo perdido: la magdalena, Combray y el amor de Swann.
El acontecimiento | annie-ernaux | 2000 | biografias | Tusquets | tb 112 | 210
    La autora recuerda el aborto clandestino al que se sometió en 1963.
Los años | annie-ernaux | 2008 | biografias | Cabaret Voltaire | tb 256 | 170
    Autobiografía colectiva que recorre la vida de una mujer y de Francia de 1941 a 2006.
El barón rampante | italo-calvino | 1957 | novela | Siruela | bo 320 | 120
    Cósimo, un joven noble, sube a los árboles a los doce años y decide no volver a bajar.
Las ciudades invisibles | italo-calvino | 1972 | novela | Siruela | bo 176 | 280
    Marco Polo describe al emperador Kublai Kan las ciudades que ha visto en su imperio.
La amiga estupenda | elena-ferrante | 2011 | novela | Lumen | tb 392 | 640
    La amistad de Lila y Lenù en un barrio pobre de Nápoles en los años cincuenta. Primer libro
    de la saga Dos amigas.
Demian | hermann-hesse | 1919 | novela | Alianza Editorial | bo 208 | 290
    Emil Sinclair se aparta del mundo luminoso de su familia guiado por su enigmático compañero
    Max Demian.
Siddhartha | hermann-hesse | 1922 | novela | Debolsillo | bo 192 | 1080
    El joven brahmán Siddhartha abandona su hogar en busca de la iluminación.
El lobo estepario | hermann-hesse | 1927 | novela | Alianza Editorial | bo 256 | 390
    Harry Haller, un intelectual solitario, se debate entre su lado humano y su lado de lobo.
La montaña mágica | thomas-mann | 1924 | novela | Edhasa | tb 1040 | 90
    Hans Castorp va a visitar a su primo en un sanatorio de los Alpes suizos y se queda siete
    años.
El perfume | patrick-suskind | 1985 | novela policial | Seix Barral | bo 256 | 870
    En la Francia del siglo XVIII, Jean-Baptiste Grenouille, dotado de un olfato prodigioso,
    busca el perfume perfecto.
La insoportable levedad del ser | milan-kundera | 1984 | novela | Tusquets | bo 328 | 520
    Tomás, Teresa, Sabina y Franz viven el amor y la libertad en torno a la Primavera de Praga.
El mundo de Sofía | jostein-gaarder | 1991 | juvenil filosofia | Siruela | tb 640 | 640
    Sofía, una adolescente noruega, recibe cartas misteriosas que le enseñan la historia de la
    filosofía.
Carta de una desconocida | stefan-zweig | 1922 | novela | Acantilado | bo 96 | 310
    Un escritor recibe la carta de una mujer que lo amó en silencio toda su vida.
Novela de ajedrez | stefan-zweig | 1942 | novela | Acantilado | bo 96 | 520
    A bordo de un transatlántico, un campeón mundial de ajedrez se enfrenta a un desconocido que
    aprendió a jugar en una celda de la Gestapo.
Memorias póstumas de Blas Cubas | machado-de-assis | 1881 | novela | Cátedra | bo 368 | 80
    Un difunto narra con ironía su vida en el Río de Janeiro del siglo XIX.
Doña Flor y sus dos maridos | jorge-amado | 1966 | novela | Alianza Editorial | bo 624 | 120
    Doña Flor, viuda de un bohemio, se casa con un farmacéutico formal, pero el primer marido
    regresa como fantasma.
La hora de la estrella | clarice-lispector | 1977 | novela | Siruela | bo 112 | 180
    La vida de Macabéa, una joven nordestina pobre en Río de Janeiro, contada por un narrador
    que duda.
Libro del desasosiego | fernando-pessoa | 1982 | ensayo | Acantilado | tb 592 | 260
    Fragmentos del ayudante de tenedor de libros Bernardo Soares, semiheterónimo de Pessoa, en
    la Lisboa de su tiempo.
Americanah | chimamanda-ngozi-adichie | 2013 | novela | Literatura Random House | tb 608 | 260
    Ifemelu y Obinze se enamoran en Lagos y sus vidas se separan entre Estados Unidos e
    Inglaterra.
Todos deberíamos ser feministas | chimamanda-ngozi-adichie | 2014 | ensayo | Literatura Random House
    | bo 64 | 690
    Ensayo breve, basado en su charla TEDx, sobre el feminismo en el siglo XXI.
La vegetariana | han-kang | 2007 | novela | Rata | tb 192 | 540
    Yeong-hye decide dejar de comer carne y su decisión desata la violencia de su familia.
Kitchen | banana-yoshimoto | 1988 | novela | Tusquets | bo 176 | 240
    Mikage, una joven que ha perdido a su abuela, encuentra consuelo en las cocinas y en una
    familia poco común.
El pabellón de oro | yukio-mishima | 1956 | novela | Alianza Editorial | bo 320 | 110
    Un joven monje tartamudo, obsesionado con la belleza del templo de Kioto, decide destruirlo.
El imperio final | brandon-sanderson | 2006 | fantasia-epica | Nova | tb 688 | 720
    En un mundo cubierto de ceniza y gobernado por el Lord Legislador, la ladrona Vin descubre
    sus poderes alománticos. Nacidos de la bruma 1.
El nombre del viento | patrick-rothfuss | 2007 | fantasia-epica | Plaza & Janés | tb 880 | 690 | -20
    Kvothe, posadero y antiguo héroe legendario, cuenta la verdadera historia de su vida.
Memorias de Idhún: La Resistencia | laura-gallego | 2004 | juvenil fantasia-epica | SM | tb 560
    | 380
    Jack y Victoria se unen a la Resistencia para enfrentarse a los sheks que dominan el mundo
    de Idhún.
El último deseo | andrzej-sapkowski | 1993 | fantasia-epica cuento | Alamut | tb 320 | 310
    Relatos de Geralt de Rivia, un brujo que caza monstruos a cambio de dinero.
El problema de los tres cuerpos | liu-cixin | 2008 | ciencia-ficcion | Nova | tb 416 | 460
    Durante la Revolución Cultural, un proyecto militar secreto envía señales al espacio y
    recibe una respuesta.
El guardián invisible | dolores-redondo | 2013 | policial | Destino | bo 448 | 330
    La inspectora Amaia Salazar investiga el asesinato de adolescentes en el valle del Baztán.
El halcón maltés | dashiell-hammett | 1930 | policial | Alianza Editorial | bo 272 | 150
    El detective Sam Spade busca una estatuilla de incalculable valor en San Francisco.
El largo adiós | raymond-chandler | 1953 | policial | Debolsillo | bo 448 | 140
    Philip Marlowe ayuda a un amigo a huir a México y se ve arrastrado a un caso de asesinato.
El talento de Mr. Ripley | patricia-highsmith | 1955 | policial | Anagrama | bo 320 | 190
    Tom Ripley viaja a Italia para convencer a Dickie Greenleaf de que vuelva a casa y acaba
    ocupando su lugar.
El silencio de los corderos | thomas-harris | 1988 | policial | Debolsillo | bo 416 | 350
    La agente del FBI Clarice Starling busca la ayuda del doctor Hannibal Lecter para atrapar a
    un asesino en serie.
La verdad sobre el caso Harry Quebert | joel-dicker | 2012 | policial | Alfaguara | tb 672 | 560
    Un joven novelista investiga el caso de su mentor, acusado del asesinato de una joven
    ocurrido treinta años antes.
Perdida | gillian-flynn | 2012 | policial | Debolsillo | bo 576 | 330
    Amy desaparece el día de su quinto aniversario de bodas y todas las sospechas recaen sobre
    su marido.
La chica del tren | paula-hawkins | 2015 | policial | Planeta | tb 496 | 620 | -30
    Rachel observa cada día desde el tren a una pareja feliz, hasta que ve algo que cambia todo.
La paciente silenciosa | alex-michaelides | 2019 | policial | Alfaguara | tb 384 | 740
    Alicia Berenson dispara cinco veces a su marido y no vuelve a hablar; un psicoterapeuta se
    obsesiona con su caso.
Romeo y Julieta | william-shakespeare | 1597 | teatro | Austral | bo 208 | 640
    El amor de dos jóvenes de Verona cuyas familias, los Montesco y los Capuleto, son enemigas.
Hamlet | william-shakespeare | 1603 | teatro | Austral | bo 256 | 510
    El príncipe de Dinamarca busca vengar el asesinato de su padre.
La vida es sueño | pedro-calderon-de-la-barca | 1636 | teatro | Cátedra | bo 240 | 420
    Segismundo, encerrado desde su nacimiento en una torre por su padre, el rey de Polonia,
    despierta en palacio.
Casa de muñecas | henrik-ibsen | 1879 | teatro | Austral | bo 160 | 260
    Nora Helmer descubre que su matrimonio ha sido una farsa y decide abandonar a su marido.
Romancero gitano | federico-garcia-lorca | 1928 | poesia | Cátedra | bo 272 | 260
    Dieciocho romances sobre el mundo gitano de Andalucía, con el «Romance sonámbulo».
La casa de Bernarda Alba | federico-garcia-lorca | 1945 | teatro | Cátedra | bo 208 | 580
    Tras enviudar, Bernarda impone a sus cinco hijas ocho años de luto.
Un tranvía llamado Deseo | tennessee-williams | 1947 | teatro | Alianza Editorial | bo 192 | 130
    Blanche DuBois llega a Nueva Orleans a vivir con su hermana Stella y su violento cuñado
    Stanley.
La muerte de un viajante | arthur-miller | 1949 | teatro | Tusquets | bo 176 | 120
    Willy Loman, un vendedor envejecido, se aferra al sueño americano mientras su vida se
    derrumba.
Esperando a Godot | samuel-beckett | 1952 | teatro | Tusquets | bo 160 | 170
    Vladimir y Estragon esperan junto a un árbol a un tal Godot que nunca llega.
A sangre fría | truman-capote | 1966 | cronica policial | Anagrama | bo 464 | 420
    La reconstrucción del asesinato de una familia en Kansas en 1959 y de la vida de sus
    asesinos.
La guerra no tiene rostro de mujer | svetlana-alexievich | 1985 | cronica | Debate | tb 368 | 290
    Testimonios de las mujeres soviéticas que combatieron en la Segunda Guerra Mundial.
Otras maneras de usar la boca | rupi-kaur | 2014 | poesia | Espasa | tb 208 | 860
    Poemas breves sobre el amor, la pérdida, el trauma y la sanación.
"""

# (slug, title, price, sold, description): merchandise of the chain, tax class "standard".
MERCHANDISE = [
    (
        "bolsa-de-tela-libros-pepito",
        "Bolsa de tela Libros Pepito",
        "29.90",
        640,
        "Bolsa de algodón crudo con asas largas y el logo de Libros Pepito.",
    ),
    (
        "bolsa-de-tela-trilce",
        "Bolsa de tela «Trilce»",
        "34.90",
        310,
        "Bolsa de algodón estampada con un verso de Trilce de César Vallejo.",
    ),
    (
        "set-de-separadores-poetas-peruanos",
        "Set de separadores «Poetas peruanos»",
        "9.90",
        880,
        "Seis separadores de cartulina con retratos y versos de poetas peruanos.",
    ),
    (
        "separador-magnetico-libros-pepito",
        "Separador magnético Libros Pepito",
        "12.90",
        420,
        "Separador imantado que se sujeta a la página sin dañarla.",
    ),
    (
        "taza-vallejo",
        "Taza Vallejo",
        "34.90",
        520,
        "Taza de cerámica de 350 ml con un verso de Los heraldos negros de César Vallejo.",
    ),
    (
        "taza-ribeyro",
        "Taza Ribeyro «Prosas apátridas»",
        "34.90",
        270,
        "Taza de cerámica de 350 ml con un retrato de Julio Ramón Ribeyro.",
    ),
    (
        "taza-libros-pepito",
        "Taza Libros Pepito",
        "29.90",
        350,
        "Taza de cerámica blanca de 350 ml con el logo de la librería.",
    ),
    (
        "cuaderno-de-lecturas",
        "Cuaderno de lecturas Libros Pepito",
        "24.90",
        390,
        "Cuaderno A5 con fichas para anotar los libros leídos, citas y pendientes.",
    ),
    (
        "libreta-a5-tapa-kraft",
        "Libreta A5 tapa kraft",
        "14.90",
        460,
        "Libreta de 96 hojas rayadas con tapa de cartón kraft.",
    ),
    (
        "luz-de-lectura-led-con-pinza",
        "Luz de lectura LED con pinza",
        "49.90",
        230,
        "Lámpara recargable por USB con brazo flexible y tres intensidades de luz.",
    ),
    (
        "luz-de-lectura-de-cuello",
        "Luz de lectura de cuello",
        "69.90",
        120,
        "Lámpara LED que se lleva sobre los hombros para leer con las manos libres.",
    ),
    (
        "poster-mapa-literario-de-lima",
        "Póster «Mapa literario de Lima»",
        "39.90",
        150,
        "Póster de 50 × 70 cm con los lugares de Lima que aparecen en novelas y cuentos peruanos.",
    ),
    (
        "poster-los-heraldos-negros",
        "Póster «Los heraldos negros»",
        "39.90",
        110,
        "Póster tipográfico de 50 × 70 cm con el poema de César Vallejo.",
    ),
    (
        "set-de-lapices-libros-pepito",
        "Set de lápices Libros Pepito",
        "9.90",
        300,
        "Seis lápices de grafito con frases de escritores peruanos.",
    ),
    (
        "funda-acolchada-para-libros",
        "Funda acolchada para libros",
        "44.90",
        140,
        "Funda de tela acolchada con cierre para llevar un libro o un lector electrónico.",
    ),
    (
        "atril-de-lectura-de-bambu",
        "Atril de lectura de bambú",
        "79.90",
        70,
        "Atril plegable de bambú con cinco posiciones y sujetapáginas.",
    ),
]
