// swagger-ui-init.js -- starts Swagger UI on GET /docs with the API's own document.
window.ui = SwaggerUIBundle({
  url: "/docs/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
});
