using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RevOps.Hosting.Internal;

/// <summary>`GET /api/resources` (JSON), `GET /api/resources/{name}/log` and a live HTML page over them.</summary>
internal sealed class Dashboard(ResourceNotificationService notifications, Func<string, ResourceRuntime?> find)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (path is "/" or "/index.html")
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page, context.RequestAborted);
            return;
        }
        if (path == "/api/resources")
        {
            await WriteJsonAsync(context, notifications.GetSnapshots());
            return;
        }
        const string prefix = "/api/resources/";
        if (path.StartsWith(prefix, StringComparison.Ordinal) && path.EndsWith("/log", StringComparison.Ordinal))
        {
            var name = path[prefix.Length..^"/log".Length];
            if (find(name) is { } runtime)
            {
                await WriteJsonAsync(context, runtime.Log.Snapshot());
                return;
            }
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private static async Task WriteJsonAsync<T>(HttpContext context, T value)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, Json, context.RequestAborted);
    }

    private const string Page = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>RevOps AppHost</title>
        <style>
          body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}
          table{border-collapse:collapse;width:100%} th,td{padding:.35rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
          tr.sel{background:#eef4ff} tr{cursor:pointer}
          .Healthy{color:#0a7a2f;font-weight:600} .Unhealthy{color:#b3261e;font-weight:600}
          pre{background:#111;color:#ddd;padding:.8rem;height:22rem;overflow:auto;font-size:12px}
          a{color:#0645ad}
        </style></head>
        <body><h1>RevOps AppHost</h1>
        <table><thead><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>Endpoints</th><th>PID</th><th>Restarts</th><th>Calls</th></tr></thead>
        <tbody id="rows"></tbody></table>
        <h2 id="logtitle">Console log</h2><pre id="log">Select a resource to see the tail of its console log.</pre>
        <script>
        let selected = null;
        function cell(tr, text, cls) { const td = document.createElement('td'); td.textContent = text ?? ''; if (cls) td.className = cls; tr.appendChild(td); return td; }
        async function refresh() {
          try {
            const resources = await (await fetch('/api/resources')).json();
            const rows = document.getElementById('rows'); rows.replaceChildren();
            for (const r of resources) {
              const tr = document.createElement('tr'); if (r.name === selected) tr.className = 'sel';
              tr.onclick = () => { selected = r.name; refresh(); };
              cell(tr, r.name); cell(tr, r.type); cell(tr, r.state); cell(tr, r.health ?? '', r.health ?? '');
              const ep = cell(tr, '');
              for (const [k, v] of Object.entries(r.endpoints)) { const d = document.createElement('div'); d.textContent = k + ': ' + v; ep.appendChild(d); }
              cell(tr, r.pid ?? ''); cell(tr, r.restarts); cell(tr, r.calls ?? '');
              rows.appendChild(tr);
            }
            if (selected) {
              const lines = await (await fetch('/api/resources/' + encodeURIComponent(selected) + '/log')).json();
              document.getElementById('logtitle').textContent = 'Console log: ' + selected;
              const log = document.getElementById('log'); const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
              log.textContent = lines.join('\n'); if (atEnd) log.scrollTop = log.scrollHeight;
            }
          } catch (e) { document.getElementById('logtitle').textContent = 'AppHost unreachable: ' + e; }
        }
        refresh(); setInterval(refresh, 1000);
        </script></body></html>
        """;
}
