using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gatehouse;

/// <summary>
/// Runs an <c>[OptionsValidator]</c>-generated validator (ranges, required values: no reflection, so Native AOT
/// keeps it) and names each failure by its configuration key: the generator says <c>MaxAge: The field …</c>,
/// an operator reads <c>Gatehouse:Plugins:PORTAL_AUTH:MaxAge: The field …</c>.
/// </summary>
internal sealed class SectionValidator<TOptions>(string section, IValidateOptions<TOptions> attributes) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = attributes.Validate(name, options);
        return result.Failed ? ValidateOptionsResult.Fail(result.Failures!.Select(failure => $"{section}:{failure}")) : result;
    }
}

internal static class SectionValidation
{
    /// <summary>Checks <typeparamref name="TOptions"/>'s attributes with <typeparamref name="TAttributes"/>, failures keyed under <paramref name="section"/>.</summary>
    public static OptionsBuilder<TOptions> ValidateAttributes<TOptions, TAttributes>(this OptionsBuilder<TOptions> builder, string section)
        where TOptions : class
        where TAttributes : IValidateOptions<TOptions>, new()
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section, new TAttributes())));
        return builder;
    }

    /// <summary>Adds <typeparamref name="TValidator"/>, the options' cross-field rules.</summary>
    public static OptionsBuilder<TOptions> ValidateWith<TOptions, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(this OptionsBuilder<TOptions> builder)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return builder;
    }

    /// <summary>
    /// Adds <typeparamref name="TDefaults"/>, which fills the shipped lists when their section is absent: the binder
    /// appends to a pre-filled list and keeps it for <c>[]</c>, so shipped lists start empty and arrive here.
    /// </summary>
    public static OptionsBuilder<TOptions> WithListDefaults<TOptions, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDefaults>(this OptionsBuilder<TOptions> builder)
        where TOptions : class
        where TDefaults : class, IPostConfigureOptions<TOptions>
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TOptions>, TDefaults>());
        return builder;
    }
}
