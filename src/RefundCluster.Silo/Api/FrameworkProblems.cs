using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Refusals ASP.NET Core writes itself — no endpoint for the path (404), a method (405) or content type (415) the
/// endpoint does not take, a parameter it could not bind (400) — get a code from the catalogue like every other
/// problem, so clients branch on <c>code</c> alone. Problems that already carry a code are left as they are.
/// </summary>
public static class FrameworkProblems
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        var error = problem.Status switch
        {
            StatusCodes.Status400BadRequest => ErrorCatalogue.RequestInvalidParameter,
            StatusCodes.Status404NotFound => ErrorCatalogue.RequestNoEndpoint,
            StatusCodes.Status405MethodNotAllowed => ErrorCatalogue.RequestMethodNotAllowed,
            StatusCodes.Status415UnsupportedMediaType => ErrorCatalogue.RequestUnsupportedMediaType,
            _ => null,
        };
        if (error is null)
        {
            return;
        }

        problem.Type = $"https://refundcluster.dev/errors/{error.Code}";
        problem.Title = error.Code;
        problem.Detail ??= error.Meaning;
        problem.Extensions["code"] = error.Code;
    }
}
