using RefundCluster.Silo.Api;
using RefundCluster.Silo.Health;
using RefundCluster.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, CommandLineSwitches.Mappings);
builder.AddRefundCluster();
builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddSingleton<EventDispatcher>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapEventEndpoints();
app.MapQueryEndpoints();
app.MapPolicyEndpoints();
app.MapHealthEndpoints();
app.MapGet("/", () => Results.Redirect("/openapi/v1.json")).ExcludeFromDescription();
app.Run();

/// <summary>Entry point, visible to the HTTP tests that host the real app.</summary>
public partial class Program;
