using Microsoft.Extensions.Hosting;

// Nothing but the ASP.NET Core integration: every figure measured through it is the worker's own cost.
new HostBuilder()
    .ConfigureFunctionsWebApplication()
    .Build()
    .Run();
