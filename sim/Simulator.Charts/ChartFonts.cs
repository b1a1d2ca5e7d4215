using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace Simulator.Charts;

/// <summary>
/// The typefaces every chart is drawn with: DejaVu Sans (regular, bold) and DejaVu Sans Mono, shipped inside this
/// assembly (licence in Fonts/LICENSE.txt) and handed to ScottPlot through its own font resolver, so text looks and
/// measures the same on every machine whatever fonts are installed.
/// </summary>
public static class ChartFonts
{
    public const string Sans = "DejaVu Sans";
    public const string Mono = "DejaVu Sans Mono";

    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Puts the shipped fonts in front of ScottPlot's resolvers and makes them its defaults (once per process).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            var resolver = new EmbeddedFontResolver();
            Fonts.FontResolvers.Insert(0, resolver);
            Fonts.Default = Sans;
            Fonts.Sans = Sans;
            Fonts.Monospace = Mono;
            // Labels take this typeface over their name and weight when it is set: leave them to choose by name.
            Fonts.DefaultFontStyle = null;
            _installed = true;
        }
    }

    /// <summary>
    /// A new typeface of a shipped family, or null for a family that is not shipped. New each time: ScottPlot disposes
    /// the typefaces it is handed.
    /// </summary>
    internal static SKTypeface? Load(string family, bool bold)
    {
        string? file = family switch
        {
            Sans => bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf",
            Mono => "DejaVuSansMono.ttf",
            _ => null,
        };
        if (file is null) return null;
        using var data = SKData.CreateCopy(FontFiles.GetOrAdd(file, ReadResource));
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"font {file} cannot be read");
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> FontFiles = new();

    private static byte[] ReadResource(string file)
    {
        string resource = "Simulator.Charts.Fonts." + file;
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"font resource {resource} is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Answers only for the shipped families, so ScottPlot never looks them up among the installed fonts.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            Load(fontName, weight >= FontWeight.SemiBold);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Load(fontName, bold);
    }
}
