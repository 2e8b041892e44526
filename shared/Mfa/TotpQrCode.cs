using QRCoder;

namespace Gatehouse.Mfa;

/// <summary>Draws a key URI as a QR code for authenticator apps to scan.</summary>
internal static class TotpQrCode
{
    /// <summary>Screen pixels per module at the SVG's natural size; it scales by its view box.</summary>
    private const int PixelsPerModule = 4;

    /// <summary>
    /// <paramref name="text"/> as an SVG element (QRCoder's <see cref="SvgQRCode"/>: a rectangle and one path, colours
    /// as attributes): nothing a strict Content-Security-Policy blocks. Error correction M (15%), as apps expect.
    /// </summary>
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(PixelsPerModule);
    }
}
