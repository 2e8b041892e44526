using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Nothing but the ASP.NET Core integration: every figure measured through it is the worker's own cost. Framework
// request logs at Warning, as Gatehouse has them (GatehouseApp): otherwise each call would send the host five
// Information lines (RpcLog) that Gatehouse does not, and the bench would compare logging, not work.
new HostBuilder()
    .ConfigureFunctionsWebApplication()
    .ConfigureLogging(logging => logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning))
    .Build()
    .Run();
