using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;
using RefundCluster.Hosting;
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

        if (options.SessionLifetime <= TimeSpan.Zero || options.MaxFeedsPerCredential < 1)
        {
            throw new InvalidOperationException("Security:SessionLifetime must be positive and Security:MaxFeedsPerCredential at least 1.");
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

        // Dashboard session cookies are protected with one key ring: in durable mode every silo's, in PostgreSQL; the
        // embedded silo's lives in its memory, like its sessions.
        builder.Services.AddDataProtection().SetApplicationName("RefundCluster");
        if (storage == StorageMode.PostgreSql)
        {
            builder.Services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((keys, database) => keys.XmlRepository = new PostgresKeyRing(database));
        }
        else
        {
            builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        }

        builder.Services.AddSingleton<FeedLimits>();
        builder.Services.AddAuthentication(RequestScheme.SchemeName)
            .AddRequestScheme()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddDashboardSessions();
        builder.Services.AddAuthorization(AccessPolicies.Configure);
        return builder;
    }
}
