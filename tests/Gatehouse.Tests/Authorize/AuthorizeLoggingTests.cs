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
        var response = (await _handler!.GetAsync("/authorize/api/things", ("X-Authentication-Token", _fakes.Tokens.Issue("bob")))).Response;

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal(LogLevel.Debug, Assert.Single(_logs.Entries, e => e.EventId.Id == DecisionEvent).Level);
    }

    [Fact]
    public async Task Refusals_are_logged_at_information_with_their_reason()
    {
        var response = (await _handler!.GetAsync("/authorize/api/things", ("X-Authentication-Token", "gh_unknown"))).Response;

        Assert.Equal(StatusCodes.Status401Unauthorized, response.StatusCode);
        var entry = Assert.Single(_logs.Entries, e => e.EventId.Id == DecisionEvent);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("reason=unknown token", entry.Message, StringComparison.Ordinal);
    }
}
