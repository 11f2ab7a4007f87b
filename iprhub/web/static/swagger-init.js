// Swagger UI for /api/docs, from local assets (no CDN).
window.addEventListener("load", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.getAttribute("data-spec"), dom_id: "#swagger-ui", deepLinking: true });
});
