using Scalar.AspNetCore;

namespace RefundCluster.Silo.Dashboard;

/// <summary>
/// The interactive API reference (Scalar) over <c>/openapi/v1.json</c>, for signed-in users: it lives under
/// <c>/dashboard</c>, so a browser without a credential is sent to the dashboard's login form, and any valid key may read
/// it. Its script is served from the assembly (no CDN, no telemetry). Requests sent from it carry the key typed into it.
/// </summary>
public static class ApiReferencePage
{
    public const string Path = "/dashboard/api";

    public static void MapApiReferencePage(this WebApplication app) =>
        app.MapScalarApiReference(Path, options =>
            {
                options.Title = "RefundCluster API";
                options.OpenApiRoutePattern = "/openapi/{documentName}.json";
                options.Telemetry = false;
                options.HideClientButton = true;
            })
            .ExcludeFromDescription()
            .RequireAuthorization();
}
