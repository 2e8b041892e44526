using Gatehouse.Mfa;
using Gatehouse.Secrets;
using Gatehouse.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Mfa;

/// <summary><c>Gatehouse:Mfa</c>: who must have a second factor, and the settings checked at start.</summary>
public sealed class MfaPolicyTests
{
    public static TheoryData<string?, bool, bool, bool, bool> Matrix() => new()
    {
        // Require, administrator, enrolled → must enrol, must verify
        { null, false, false, false, false },
        { null, true, false, false, false },
        { null, false, true, false, true },
        { "Off", true, true, false, true },
        { "Administrators", false, false, false, false },
        { "Administrators", true, false, true, false },
        { "Administrators", true, true, false, true },
        { "Administrators", false, true, false, true },
        { "Everyone", false, false, true, false },
        { "everyone", true, false, true, false },
        { "Everyone", false, true, false, true },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task The_policy_decides_who_must_enrol_and_enrolment_who_must_give_a_code(string? require, bool isAdministrator, bool enrolled, bool mustEnrol, bool mustVerify)
    {
        using var services = TestServices.Create(require is null ? [] : [$"Gatehouse:Mfa:Require={require}"]);
        services.Secrets.Set(SecretNames.MfaKey, Convert.ToBase64String(new byte[32]));
        var user = SecondFactorTests.PrincipalOf("carol", isAdministrator: isAdministrator);
        if (enrolled)
        {
            services.SecondFactors["carol"] = new SecondFactorRecord("carol", true, new SealedSecret("v", "AAAA"), -1, string.Empty, [], TestServices.Start);
        }

        var status = await services.Provider.GetRequiredService<ISecondFactor>().GetStatusAsync(user);

        Assert.Equal(mustEnrol, status.MustEnrol);
        Assert.Equal(mustVerify, status.MustVerify);
        Assert.Equal(require is "Everyone" or "everyone" || (require == "Administrators" && isAdministrator), status.Required);
    }

    [Theory]
    [InlineData("Gatehouse:Mfa:Window=4", "Gatehouse:Mfa:Window: must be between 0 and 3 time steps.")]
    [InlineData("Gatehouse:Mfa:Window=-1", "Gatehouse:Mfa:Window: must be between 0 and 3 time steps.")]
    [InlineData("Gatehouse:Mfa:Require=7", "Gatehouse:Mfa:Require: must be Off, Administrators, Everyone.")]
    public void Settings_that_cannot_work_stop_start_up_naming_the_key(string setting, string message)
    {
        using var services = TestServices.Create(setting);

        var error = Assert.Throws<OptionsValidationException>(services.ValidateOnStart);

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public void The_defaults_require_nobody_and_accept_one_step_either_side()
    {
        using var services = TestServices.Create();
        services.ValidateOnStart();

        var options = services.Provider.GetRequiredService<IOptions<MfaOptions>>().Value;

        Assert.Equal(MfaRequirement.Off, options.Require);
        Assert.Equal(1, options.Window);
    }
}
