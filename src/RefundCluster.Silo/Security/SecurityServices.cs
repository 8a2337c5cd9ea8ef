using Microsoft.AspNetCore.Authentication;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.Silo.Security;

/// <summary>Credentials, authentication and authorization of the HTTP API.</summary>
public static class SecurityServices
{
    public static WebApplicationBuilder AddRefundClusterSecurity(this WebApplicationBuilder builder, StorageMode storage)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        var options = section.Get<SecurityOptions>() ?? new SecurityOptions();
        builder.Services.Configure<SecurityOptions>(section);
        foreach (var unusable in options.ApiKeys.Where(k => k.Problem() is not null))
        {
            throw new InvalidOperationException($"Security:ApiKeys entry '{unusable.Id}' cannot be used: {unusable.Problem()}.");
        }

        if (storage == StorageMode.Memory && options.ApiKeys.Count == 0 && options.GenerateDevelopmentKey)
        {
            var development = DevelopmentKey.Create(options.DevelopmentKeyFile);
            builder.Services.PostConfigure<SecurityOptions>(o => o.ApiKeys.Add(development));
        }

        builder.Services.AddSingleton<SettingsCredentialStore>();
        if (storage == StorageMode.PostgreSql)
        {
            builder.Services.AddSingleton<ICredentialStore, PostgresCredentialStore>();
        }
        else
        {
            builder.Services.AddSingleton<ICredentialStore>(sp => sp.GetRequiredService<SettingsCredentialStore>());
        }

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(AccessPolicies.Configure);
        return builder;
    }
}
