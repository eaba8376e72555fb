"""The ground floor: small shared helpers with no models and no Django app.

Every app may import `core`; `core` imports no app. Money formatting and text normalisation
live here so that an app low in the layers can use them without reaching up."""
