using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Authorize;

public sealed class AuthorizeLoggingTests : IAsyncLifetime
{
    private const int DecisionEvent = 3001;

    private readonly TestServices _fakes = TestServices.Create();
    private readonly CollectingLoggerProvider _logs = new();
    private InProcessHandler? _handler;

    public async Task InitializeAsync()
    {
        _handler = await InProcessHandler.StartAsync(_fakes, services => services.AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(_logs)));
        _fakes.Users.Add("bob", "s3cret");

        // The first request also runs start-up work (the bootstrap check), which logs lines of its own.
        await _handler.GetAsync("/authorize", ("X-Original-Method", "GET"), ("X-Original-URI", "/warm-up"));
        _logs.Entries.Clear();
    }

    public async Task DisposeAsync()
    {
        if (_handler is not null)
        {
            await _handler.DisposeAsync();
        }

        _fakes.Dispose();
    }

    [Fact]
    public async Task Allowed_requests_are_logged_at_debug_so_the_default_level_writes_no_line_per_request()
    {
        var response = (await _handler!.GetAsync("/authorize", ("X-Original-Method", "GET"), ("X-Original-URI", "/api/things"), ("X-Authentication-Token", _fakes.Tokens.Issue("bob")))).Response;

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal(LogLevel.Debug, Assert.Single(_logs.Entries, e => e.EventId.Id == DecisionEvent).Level);
    }

    [Fact]
    public async Task A_refused_password_writes_one_information_line_naming_the_login_and_client_never_the_password()
    {
        var response = (await _handler!.GetAsync("/authorize", ("X-Original-Method", "GET"), ("X-Original-URI", "/api/things"), ("Authorization", "Basic " + Convert.ToBase64String("bob:wrong-horse"u8.ToArray())))).Response;

        Assert.Equal(StatusCodes.Status401Unauthorized, response.StatusCode);
        var line = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Information);
        Assert.Contains("bob", line.Message, StringComparison.Ordinal);
        Assert.Contains("invalid credentials", line.Message, StringComparison.Ordinal);
        Assert.Contains(" from ", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-horse", string.Join('\n', _logs.Entries.Select(e => e.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_writes_one_information_line_with_its_reason()
    {
        var response = (await _handler!.GetAsync("/authorize", ("X-Original-Method", "GET"), ("X-Original-URI", "/api/things"), ("X-Authentication-Token", "gh_unknown"))).Response;

        Assert.Equal(StatusCodes.Status401Unauthorized, response.StatusCode);
        var line = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Information);
        Assert.Contains("unknown token", line.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Debug, Assert.Single(_logs.Entries, e => e.EventId.Id == DecisionEvent).Level);
    }
}
