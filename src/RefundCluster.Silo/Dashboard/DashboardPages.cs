using Microsoft.Extensions.FileProviders;

namespace RefundCluster.Silo.Dashboard;

/// <summary>
/// The web dashboard: plain HTML, CSS and JavaScript embedded in the assembly (no CDN: it works offline). The shop
/// page reads its shop id from the path and follows the shop's live feed; the platform page shows the leaderboard.
/// </summary>
public static class DashboardPages
{
    private static readonly EmbeddedFileProvider Files = new(typeof(DashboardPages).Assembly, "RefundCluster.Silo.wwwroot.dashboard");

    public static void MapDashboardPages(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions { FileProvider = Files, RequestPath = "/dashboard" });
        app.MapGet("/dashboard", () => Page("index.html")).ExcludeFromDescription();
        app.MapGet("/dashboard/shops/{shopId}", (string shopId) => Page("shop.html")).ExcludeFromDescription();
    }

    private static IResult Page(string name)
    {
        var file = Files.GetFileInfo(name);
        return file.Exists ? Results.Stream(file.CreateReadStream(), "text/html; charset=utf-8") : Results.NotFound();
    }
}
