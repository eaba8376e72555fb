// The card payment page (templates/orders/pay.html): mount Stripe's card field, charge the card
// with the PaymentIntent's client secret, then post the form so the server checks the payment
// with Stripe itself and shows the tracking page.
(function () {
  "use strict";
  const form = document.getElementById("pay-form");
  if (!form) return;
  const button = document.getElementById("pay-button");
  const errors = document.getElementById("card-errors");
  const data = form.dataset;
  if (typeof window.Stripe !== "function") {
    errors.textContent = data.errorGeneric;
    button.disabled = true;
    return;
  }
  const stripe = window.Stripe(data.publishableKey, { locale: "es-419" });
  const card = stripe.elements().create("card");
  card.mount("#card-element");
  const label = button.textContent;

  function messageOf(error) {
    return (error && error.message) || data.errorGeneric;
  }

  // Real Stripe.js: one call creates the payment method, confirms, and runs 3-D Secure.
  async function payWithStripe() {
    const result = await stripe.confirmCardPayment(data.clientSecret, {
      payment_method: { card: card },
    });
    return result.error ? messageOf(result.error) : null;
  }

  // localstripe's stand-in cannot confirm with card details: tokenize the card, let the server
  // attach it and confirm, then let confirmCardPayment play 3-D Secure when the card asks.
  async function payWithLocalStripe() {
    const tokenResult = await stripe.createToken(card);
    if (tokenResult.error || !tokenResult.token) return messageOf(tokenResult.error);
    const body = new FormData();
    body.append("token", tokenResult.token.id);
    body.append("csrfmiddlewaretoken", await window.EstanteCsrf.token());
    const response = await fetch(data.cardUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) return answer.error || data.errorGeneric;
    if (answer.status === "requires_action") {
      const result = await stripe.confirmCardPayment(answer.client_secret);
      return result.error ? messageOf(result.error) : null;
    }
    return answer.status === "succeeded" || answer.status === "processing"
      ? null
      : data.errorGeneric;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (button.disabled) return; // a double click charges once
    button.disabled = true;
    button.textContent = data.processing;
    errors.textContent = "";
    let problem;
    try {
      problem = data.cardUrl ? await payWithLocalStripe() : await payWithStripe();
    } catch (error) {
      problem = data.errorGeneric;
    }
    if (problem) {
      errors.textContent = problem;
      button.disabled = false;
      button.textContent = label;
      return;
    }
    form.submit(); // does not fire "submit" again
  });
})();
