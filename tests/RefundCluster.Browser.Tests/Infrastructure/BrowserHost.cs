using System.Text;
using System.Text.Json.Nodes;

namespace RefundCluster.Browser.Tests.Infrastructure;

/// <summary>
/// The real silo process (as in the HTTP tests) and a headless Chromium driven by Playwright. The browser is the
/// system's Debian <c>chromium</c> package (installed by .ci/run); nothing is ever downloaded. A missing browser fails
/// every test with a clear message: these tests never skip.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run",
    ];

    private SiloProcess? _silo;
    private HttpClient? _http;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress => _silo?.BaseAddress ?? throw new InvalidOperationException("The host is not started.");

    /// <summary>The host's last lines of output, for failure messages.</summary>
    public string RecentOutput => _silo?.RecentOutput ?? "";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ChromiumPath}, and it is missing. Install the Debian package: " +
                "`apt-get install -y chromium` (.ci/run does this when it can).");
        }

        // Expectations poll the page; the dashboard polls every 2 s and the stream pushes at most every 250 ms.
        Assertions.SetDefaultExpectTimeout(15_000);

        _silo = await SiloProcess.Start(timeScale: 1);
        _http = TestCredentials.Admin.NewClient(_silo.BaseAddress, TimeSpan.FromSeconds(30));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    /// <summary>
    /// A fresh page in its own browser context, signed in through the dashboard's login form with the key (the test
    /// operator by default); errors thrown by the page's scripts are collected.
    /// </summary>
    public async Task<DashboardPage> NewPage(TestKey? signInAs = null)
    {
        var dashboard = await NewAnonymousPage();
        var page = dashboard.Page;
        await page.GotoAsync("/dashboard/login");
        await page.GetByTestId("login-key").FillAsync((signInAs ?? TestCredentials.Admin).Key);
        await page.GetByTestId("login-submit").ClickAsync();
        // Signed in once the next page's response is committed: waiting for its whole "load" (the default) timed out
        // on a busy machine (CI runs the test assemblies side by side); the tests' expectations wait for what they read.
        // A class's first sign-in meets a cold host (its first session grain, key ring and page): on CI it once took
        // more than Playwright's default 30 s, so it gets 90.
        await page.WaitForURLAsync(
            url => !url.Contains("/dashboard/login", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 90_000 });
        return dashboard;
    }

    /// <summary>A fresh page in its own browser context, not signed in.</summary>
    public async Task<DashboardPage> NewAnonymousPage()
    {
        var browser = _browser ?? throw new InvalidOperationException("The browser is not started.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        return new DashboardPage(context, await context.NewPageAsync());
    }

    /// <summary>POST /v1/events; the event must be accepted.</summary>
    public async Task Send(JsonObject evt)
    {
        var http = _http ?? throw new InvalidOperationException("The host is not started.");
        using var content = new StringContent(evt.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("v1/events", content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{evt["kind"]} was refused: {(int)response.StatusCode} {body}");
    }

    /// <summary>Changes one of a shop's deadlines (as an operator: GET the policy, set the one, PUT the whole back).</summary>
    public async Task SetDeadline(string shopId, string deadline, TimeSpan value)
    {
        var http = _http ?? throw new InvalidOperationException("The host is not started.");
        var cancel = TestContext.Current.CancellationToken;
        var policy = JsonNode.Parse(await http.GetStringAsync($"v1/shops/{shopId}/policy", cancel))!["policy"]!.AsObject();
        policy["deadlines"]![deadline] = value.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

        using var content = new StringContent(policy.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PutAsync($"v1/shops/{shopId}/policy", content, cancel);
        Assert.True(response.IsSuccessStatusCode, $"PUT policy answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _http?.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}

/// <summary>One browser page and the script errors it raised.</summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _scriptErrors = [];

    public DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) =>
        {
            lock (_scriptErrors)
            {
                _scriptErrors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>The page's browser context (its cookies).</summary>
    public IBrowserContext Context => _context;

    public ILocator ByTestId(string testId) => Page.GetByTestId(testId);

    /// <summary>Uncaught exceptions in the page's scripts so far.</summary>
    public IReadOnlyList<string> ScriptErrors
    {
        get
        {
            lock (_scriptErrors)
            {
                return [.. _scriptErrors];
            }
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
