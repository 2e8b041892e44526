using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse;

internal static class ServiceDecoration
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> with <paramref name="decorate"/> wrapped
    /// around it: the areas layer regulation and caches over the stores this way, each in the order it is registered.
    /// </summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService)
            {
                index = i;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"Register an {typeof(TService).Name} before decorating it.");
        }

        var inner = services[index];
        if (inner.Lifetime != ServiceLifetime.Singleton)
        {
            throw new InvalidOperationException($"{typeof(TService).Name} must be a singleton to be decorated (it is {inner.Lifetime}).");
        }

        services[index] = ServiceDescriptor.Singleton(sp => decorate(sp, (TService)(inner.ImplementationInstance
            ?? inner.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
        return services;
    }

    /// <summary>As <see cref="Decorate{TService}"/>, for the singleton registered under <paramref name="key"/> (a chain plugin).</summary>
    public static IServiceCollection DecorateKeyed<TService>(this IServiceCollection services, object key, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && services[i].IsKeyedService && Equals(services[i].ServiceKey, key))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"Register an {typeof(TService).Name} under '{key}' before decorating it.");
        }

        var inner = services[index];
        if (inner.Lifetime != ServiceLifetime.Singleton)
        {
            throw new InvalidOperationException($"{typeof(TService).Name} '{key}' must be a singleton to be decorated (it is {inner.Lifetime}).");
        }

        services[index] = ServiceDescriptor.KeyedSingleton<TService>(key, (sp, serviceKey) => decorate(sp, (TService)(inner.KeyedImplementationInstance
            ?? inner.KeyedImplementationFactory?.Invoke(sp, serviceKey)
            ?? ActivatorUtilities.CreateInstance(sp, inner.KeyedImplementationType!))));
        return services;
    }
}
