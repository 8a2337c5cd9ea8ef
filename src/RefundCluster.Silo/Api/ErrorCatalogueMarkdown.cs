using System.Text;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Api;

/// <summary>docs/errors.md as the catalogue makes it: every code with its status, kind and meaning (a test keeps the file equal).</summary>
public static class ErrorCatalogueMarkdown
{
    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("""
            # Error codes

            Every refusal is `application/problem+json` whose `code` is one of these (also the `code` enum of the OpenAPI
            problem schema). Codes never change once published: branch on `code`, not on `title` or `detail`.
            Generated from `ErrorCatalogue` (src/RefundCluster.Domain/Common/ErrorCatalogue.cs); `ErrorCatalogueTests` fails
            when this file differs (run it with `REFUNDCLUSTER_WRITE_DOCS=1` to rewrite it).

            | code | status | kind | meaning |
            | --- | --- | --- | --- |

            """);
        foreach (var code in ErrorCatalogue.All)
        {
            var status = Problems.StatusOf(EventError.Of(code));
            text.Append($"| `{code.Code}` | {status} | {code.Kind} | {code.Meaning.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return text.ToString();
    }
}
