namespace Gatehouse.Tokens;

/// <summary>
/// A binding's lifetime maths (SPEC §7.5), all of it, from <see cref="TokenOptions"/>: when a new binding expires,
/// when one stops working, and how far a renewal takes it. Dates in, dates out: nothing here reads a clock or storage.
/// </summary>
internal sealed class TokenLifetime
{
    private readonly TimeSpan _default;
    private readonly TimeSpan _maximum;

    public TokenLifetime(TokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _default = options.DefaultLifetime;
        _maximum = options.MaxLifetime;
    }

    /// <summary>The <c>expiresAt</c> of a binding created at <paramref name="now"/>: the default lifetime, or a shorter one asked for.</summary>
    public DateTimeOffset? InitialExpiry(DateTimeOffset now, TimeSpan? requestedLifetime = null)
    {
        var lifetime = requestedLifetime is { } asked && asked > TimeSpan.Zero && (_default == TimeSpan.Zero || asked < _default)
            ? asked
            : _default;
        return lifetime == TimeSpan.Zero ? null : now + lifetime;
    }

    /// <summary>
    /// When <paramref name="binding"/> stops working: its own <c>expiresAt</c>, or earlier if the maximum lifetime
    /// (perhaps lowered since it was issued) says so; null = never.
    /// </summary>
    public DateTimeOffset? EffectiveExpiry(TokenBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (_maximum == TimeSpan.Zero)
        {
            return binding.ExpiresAt;
        }

        var cap = binding.CreationDate + _maximum;
        return binding.ExpiresAt is { } expiresAt && expiresAt < cap ? expiresAt : cap;
    }

    /// <summary>
    /// The <c>expiresAt</c> a live <paramref name="binding"/> renewed at <paramref name="now"/> stores: the default
    /// lifetime from now, capped by the maximum; unchanged when that would not lengthen it.
    /// </summary>
    public DateTimeOffset? RenewedExpiry(TokenBinding binding, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (_default == TimeSpan.Zero)
        {
            return binding.ExpiresAt;
        }

        var renewed = now + _default;
        if (_maximum > TimeSpan.Zero && binding.CreationDate + _maximum < renewed)
        {
            renewed = binding.CreationDate + _maximum;
        }

        // Renewing never shortens a binding (or turns "never" into a date).
        return binding.ExpiresAt is null || binding.ExpiresAt >= renewed ? binding.ExpiresAt : renewed;
    }

    /// <summary>True when the maximum lifetime caps <paramref name="binding"/> already: no renewal can take it further.</summary>
    public bool HasReachedMaximum(TokenBinding binding) =>
        _maximum > TimeSpan.Zero && EffectiveExpiry(binding) == binding.CreationDate + _maximum;
}
