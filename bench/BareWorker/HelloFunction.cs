using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Gatehouse.Bench.BareWorker;

/// <summary>Anonymous, one route, one method, a constant body: the baseline request.</summary>
public static class HelloFunction
{
    [Function("hello")]
    public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello")] HttpRequest request) =>
        Results.Text("Hello from the bare worker", "text/plain");
}
