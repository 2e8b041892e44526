using Microsoft.Extensions.Options;

namespace Gatehouse.Chain;

/// <summary>Fails start-up on a chain configuration that cannot run, with the reasons its <see cref="ChainPlan"/> found.</summary>
internal sealed class ChainOptionsValidator(AuthenticatorRegistry registry) : IValidateOptions<ChainOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainOptions options)
    {
        var errors = ChainPlan.Of(options, registry.Contains).Errors;
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
