// Cairn's only script: mark JavaScript as available and start GOV.UK Frontend's components.
// Loaded as a module from the same origin, so the Content Security Policy needs no inline script.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
  initAll();
}
