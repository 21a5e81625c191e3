// Cinemate's GraphiQL page (templates/graphiql.html): GraphiQL with the explorer plugin, every
// asset from this server (static/graphiql/), no inline script (the page's CSP allows none).
// Adapted from strawberry-graphql's graphiql.html (MIT); no CSRF cookie: the API takes bearer
// tokens, which the Headers tab sends ({"Authorization": "Bearer <token>"}).
(function () {
  "use strict";

  const EXAMPLE_QUERY = `# Cinemate GraphQL API
#
# Run with Ctrl-Enter (or the play button); Ctrl-Space completes.
# Signed-in queries need a token in the Headers tab below:
#   {"Authorization": "Bearer <authToken from login>"}

{
  popular(page: 1, limit: 5) {
    movies { id title releaseDate rating }
    pagination { page totalPages }
  }
}
`;

  const parameters = {};
  for (const entry of window.location.search.slice(1).split("&")) {
    const eq = entry.indexOf("=");
    if (eq >= 0) {
      parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(
        entry.slice(eq + 1),
      );
    }
  }

  function updateURL(data) {
    Object.assign(parameters, data);
    const search =
      "?" +
      Object.keys(parameters)
        .filter((key) => Boolean(parameters[key]))
        .map((key) => encodeURIComponent(key) + "=" + encodeURIComponent(parameters[key]))
        .join("&");
    history.replaceState(null, null, search);
  }

  const fetchURL = window.location.href.split("?")[0];
  const fetcher = GraphiQL.createFetcher({ url: fetchURL });

  function CinemateGraphiQL() {
    const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
    const [variables, setVariables] = React.useState(parameters.variables);
    const [headers, setHeaders] = React.useState(parameters.headers);
    const explorerPlugin = GraphiQLPluginExplorer.explorerPlugin();

    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      plugins: [explorerPlugin],
      query: query,
      variables: variables,
      headers: headers,
      onEditQuery: (value) => {
        setQuery(value);
        updateURL({ q: value });
      },
      onEditVariables: (value) => {
        setVariables(value);
        updateURL({ variables: value });
      },
      onEditHeaders: setHeaders,
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      // Tokens typed into the Headers tab are not written to localStorage.
      shouldPersistHeaders: false,
    });
  }

  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(CinemateGraphiQL));
})();
