using OpenCvSharp;
using SkiaSharp;
using Tamper.Data.Synthesis.Sources;

namespace Tamper.Data.Synthesis.Documents;

/// <summary>
/// Renders documents of the kinds the contest is full of, in English or Simplified Chinese, with real
/// fonts: page text (with tables), certificates (frame, stamp), forms, receipts, book covers and chat
/// screenshots. Every word drawn is recorded as a <see cref="TextItem"/> so text can be edited later in
/// the same font, size and color.
/// </summary>
public sealed class DocumentRenderer(FontCatalog fonts)
{
    public static IReadOnlyList<string> Kinds { get; } = ["page", "certificate", "form", "receipt", "cover", "chat"];

    public bool CanRender => fonts.Latin.Count > 0 || fonts.Chinese.Count > 0;

    public DocumentPage Render(string kind, int width, int height, SynthRandom random)
    {
        bool chinese = fonts.Chinese.Count > 0 && (fonts.Latin.Count == 0 || random.Chance(0.5));
        var pool = chinese ? fonts.Chinese : fonts.Latin;
        var regular = pool.Where(font => !font.Bold).DefaultIfEmpty(pool[0]).ToList();
        var bold = pool.Where(font => font.Bold).DefaultIfEmpty(regular[0]).ToList();
        var body = random.Pick(regular);
        var heading = random.Pick(bold);
        var paper = Paper(kind, random);
        var ink = Ink(random);
        var items = new List<TextItem>();
        using var bitmap = SkiaBridge.NewBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(paper);
            var writer = new Writer(canvas, items, random, chinese);
            switch (kind)
            {
                case "certificate": Certificate(canvas, writer, width, height, body, heading, ink, random); break;
                case "form": Form(canvas, writer, width, height, body, heading, ink, random); break;
                case "receipt": Receipt(canvas, writer, width, height, pool, ink, random); break;
                case "cover": Cover(canvas, writer, width, height, body, heading, random); break;
                case "chat": Chat(canvas, writer, width, height, body, random); break;
                default: Page(canvas, writer, width, height, body, heading, ink, random); break;
            }
        }
        return new DocumentPage(kind, SkiaBridge.ToMat(bitmap), items, paper, chinese);
    }

    private static SKColor Paper(string kind, SynthRandom random) => kind switch
    {
        "cover" => new SKColor((byte)random.Int(20, 235), (byte)random.Int(20, 235), (byte)random.Int(20, 235)),
        "chat" => random.Chance(0.5) ? new SKColor(237, 237, 237) : new SKColor(245, 245, 250),
        "certificate" => new SKColor((byte)random.Int(240, 255), (byte)random.Int(232, 250), (byte)random.Int(215, 240)),
        _ => new SKColor((byte)random.Int(240, 255), (byte)random.Int(240, 255), (byte)random.Int(236, 255)),
    };

    private static SKColor Ink(SynthRandom random) => random.Chance(0.8)
        ? new SKColor((byte)random.Int(0, 40), (byte)random.Int(0, 40), (byte)random.Int(0, 50))
        : new SKColor((byte)random.Int(0, 40), (byte)random.Int(30, 80), (byte)random.Int(90, 160));

    private static void Page(SKCanvas canvas, Writer writer, int width, int height, FontFace body, FontFace heading, SKColor ink, SynthRandom random)
    {
        float margin = width * (float)random.Uniform(0.06, 0.12);
        float size = Math.Max(10, height / (float)random.Uniform(40, 70));
        float y = margin + size * 2;
        writer.Line(TextCorpus.Line(random, writer.Chinese, random.Int(2, 5)), heading, size * 1.6f, ink, margin, y);
        y += size * 2.8f;
        while (y < height - margin)
        {
            if (random.Chance(0.12) && y < height - margin - size * 8)
            {
                y = Table(canvas, writer, margin, y, width - 2 * margin, body, size * 0.9f, ink, random);
                continue;
            }
            var words = (int)((width - 2 * margin) / (size * (writer.Chinese ? 2.2f : 4.5f)));
            writer.Line(TextCorpus.Line(random, writer.Chinese, Math.Max(1, random.Int(words / 2, words))), body, size, ink, margin, y, width - margin);
            y += size * (float)random.Uniform(1.4, 1.9);
            if (random.Chance(0.15)) y += size;
        }
    }

    private static float Table(SKCanvas canvas, Writer writer, float x, float y, float width, FontFace font, float size, SKColor ink, SynthRandom random)
    {
        int rows = random.Int(2, 5), columns = random.Int(2, 4);
        float rowHeight = size * 2f, columnWidth = width / columns;
        using var pen = new SKPaint { Color = ink, StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        for (int r = 0; r <= rows; r++) canvas.DrawLine(x, y + r * rowHeight, x + width, y + r * rowHeight, pen);
        for (int c = 0; c <= columns; c++) canvas.DrawLine(x + c * columnWidth, y, x + c * columnWidth, y + rows * rowHeight, pen);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                writer.Line(TextCorpus.Token(random, writer.Chinese), font, size, ink, x + c * columnWidth + size * 0.4f, y + r * rowHeight + size * 1.35f, x + (c + 1) * columnWidth - 2);
        return y + rows * rowHeight + size * 1.5f;
    }

    private static void Certificate(SKCanvas canvas, Writer writer, int width, int height, FontFace body, FontFace heading, SKColor ink, SynthRandom random)
    {
        var frame = new SKColor((byte)random.Int(120, 200), (byte)random.Int(60, 150), (byte)random.Int(20, 80));
        using (var pen = new SKPaint { Color = frame, StrokeWidth = Math.Max(3, width / 60f), Style = SKPaintStyle.Stroke, IsAntialias = true })
        {
            float inset = width * 0.04f;
            canvas.DrawRect(inset, inset, width - 2 * inset, height - 2 * inset, pen);
            pen.StrokeWidth = 1.5f;
            canvas.DrawRect(inset * 1.6f, inset * 1.6f, width - 3.2f * inset, height - 3.2f * inset, pen);
        }
        float size = Math.Max(10, height / (float)random.Uniform(26, 40));
        float y = height * 0.2f;
        writer.Centered(writer.Chinese ? random.Pick(["荣誉证书", "结业证书", "获奖证书", "证明"]) : random.Pick(["CERTIFICATE", "Certificate of Award", "DIPLOMA"]), heading, size * 2.2f, frame, width, y);
        y += size * 3.5f;
        writer.Centered(random.Pick(writer.Chinese ? TextCorpus.ChineseNames : TextCorpus.EnglishNames), heading, size * 1.5f, ink, width, y);
        y += size * 2.5f;
        for (int line = 0; line < random.Int(2, 4); line++, y += size * 1.8f)
            writer.Centered(TextCorpus.Line(random, writer.Chinese, random.Int(3, 6)), body, size, ink, width, y);
        y = height * 0.82f;
        writer.Line(TextCorpus.Token(random, writer.Chinese), body, size, ink, width * 0.12f, y);
        writer.Line($"{random.Int(1998, 2026)}-{random.Int(1, 12):00}-{random.Int(1, 28):00}", body, size, ink, width * 0.6f, y);
        Stamp(canvas, writer, width * (float)random.Uniform(0.6, 0.75), height * (float)random.Uniform(0.7, 0.78), Math.Min(width, height) * 0.1f, body, random);
    }

    /// <summary>A red seal: a ring, a star and a short text, drawn semi-transparent like ink.</summary>
    private static void Stamp(SKCanvas canvas, Writer writer, float cx, float cy, float radius, FontFace font, SynthRandom random)
    {
        var red = new SKColor((byte)random.Int(190, 235), (byte)random.Int(0, 40), (byte)random.Int(0, 50), (byte)random.Int(170, 230));
        using var pen = new SKPaint { Color = red, StrokeWidth = radius * 0.08f, Style = SKPaintStyle.Stroke, IsAntialias = true };
        canvas.DrawCircle(cx, cy, radius, pen);
        using var fill = new SKPaint { Color = red, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var star = new SKPath();
        for (int i = 0; i < 10; i++)
        {
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            float r = i % 2 == 0 ? radius * 0.3f : radius * 0.12f;
            var point = new SKPoint(cx + r * (float)Math.Cos(angle), cy + r * (float)Math.Sin(angle));
            if (i == 0) star.MoveTo(point); else star.LineTo(point);
        }
        star.Close();
        canvas.DrawPath(star, fill);
        var label = writer.Chinese ? random.Pick(["专用章", "公章", "财务章"]) : random.Pick(["SEAL", "APPROVED", "OFFICIAL"]);
        writer.Centered(label, font, radius * 0.3f, red, cx * 2, cy + radius * 0.65f);
    }

    private static void Form(SKCanvas canvas, Writer writer, int width, int height, FontFace body, FontFace heading, SKColor ink, SynthRandom random)
    {
        float margin = width * 0.08f, size = Math.Max(10, height / (float)random.Uniform(35, 55));
        float y = margin + size * 2;
        writer.Centered(TextCorpus.Line(random, writer.Chinese, random.Int(2, 3)), heading, size * 1.6f, ink, width, y);
        y += size * 3;
        using var pen = new SKPaint { Color = ink, StrokeWidth = 1, Style = SKPaintStyle.Stroke };
        while (y < height - margin)
        {
            var label = TextCorpus.Token(random, writer.Chinese) + (writer.Chinese ? "：" : ":");
            var right = writer.Line(label, body, size, ink, margin, y);
            float valueX = Math.Max(right + size, width * 0.35f);
            canvas.DrawLine(valueX - size * 0.3f, y + size * 0.35f, width - margin, y + size * 0.35f, pen);
            writer.Line(TextCorpus.Line(random, writer.Chinese, random.Int(1, 3)), body, size, ink, valueX, y, width - margin);
            y += size * (float)random.Uniform(2.0, 2.8);
        }
    }

    private static void Receipt(SKCanvas canvas, Writer writer, int width, int height, IReadOnlyList<FontFace> pool, SKColor ink, SynthRandom random)
    {
        var mono = pool.FirstOrDefault(font => font.Family.Contains("Mono", StringComparison.Ordinal)) ?? random.Pick(pool);
        float margin = width * 0.1f, size = Math.Max(10, height / (float)random.Uniform(40, 60));
        float y = margin + size;
        writer.Centered(TextCorpus.Token(random, writer.Chinese) + " " + TextCorpus.Token(random, writer.Chinese), mono, size * 1.3f, ink, width, y);
        y += size * 2.5f;
        using var dashes = new SKPaint { Color = ink, StrokeWidth = 1, PathEffect = SKPathEffect.CreateDash([size * 0.4f, size * 0.3f], 0) };
        decimal total = 0;
        while (y < height - margin - size * 4)
        {
            if (random.Chance(0.15))
            {
                canvas.DrawLine(margin, y - size * 0.4f, width - margin, y - size * 0.4f, dashes);
                y += size * 0.8f;
            }
            var price = random.Int(1, 9999) / 100m * random.Int(1, 5);
            total += price;
            writer.Line(TextCorpus.Token(random, writer.Chinese), mono, size, ink, margin, y);
            var amount = price.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            writer.Line(amount, mono, size, ink, width - margin - SkiaBridge.Measure(amount, mono, size), y);
            y += size * 1.5f;
        }
        canvas.DrawLine(margin, y - size * 0.4f, width - margin, y - size * 0.4f, dashes);
        y += size;
        writer.Line(writer.Chinese ? "合计" : "TOTAL", mono, size * 1.2f, ink, margin, y);
        var sum = total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        writer.Line(sum, mono, size * 1.2f, ink, width - margin - SkiaBridge.Measure(sum, mono, size * 1.2f), y);
    }

    private static void Cover(SKCanvas canvas, Writer writer, int width, int height, FontFace body, FontFace heading, SynthRandom random)
    {
        using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width * (float)random.Uniform(0, 1), height),
                   [new SKColor((byte)random.Int(0, 255), (byte)random.Int(0, 255), (byte)random.Int(0, 255)), new SKColor((byte)random.Int(0, 255), (byte)random.Int(0, 255), (byte)random.Int(0, 255))],
                   SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = shader })
            canvas.DrawRect(0, 0, width, height, paint);
        using (var shape = new SKPaint { Color = new SKColor((byte)random.Int(0, 255), (byte)random.Int(0, 255), (byte)random.Int(0, 255), (byte)random.Int(60, 200)), IsAntialias = true })
            canvas.DrawCircle(width * (float)random.Uniform(0.2, 0.8), height * (float)random.Uniform(0.4, 0.7), width * (float)random.Uniform(0.15, 0.4), shape);
        var light = random.Chance(0.5);
        var ink = light ? new SKColor(250, 250, 245) : new SKColor(15, 15, 20);
        float size = width / (float)random.Uniform(9, 14);
        float y = height * (float)random.Uniform(0.15, 0.3);
        foreach (var line in Enumerable.Range(0, random.Int(1, 2)))
        {
            writer.Centered(TextCorpus.Line(random, writer.Chinese, random.Int(1, 2)), heading, size, ink, width, y);
            y += size * 1.4f;
        }
        writer.Centered(random.Pick(writer.Chinese ? TextCorpus.ChineseNames : TextCorpus.EnglishNames), body, size * 0.45f, ink, width, height * 0.8f);
        writer.Centered(writer.Chinese ? random.Pick(["人民出版社", "科学出版社", "高等教育出版社"]) : random.Pick(["Harbor Press", "North Books", "Lantern House"]), body, size * 0.35f, ink, width, height * 0.92f);
    }

    private static void Chat(SKCanvas canvas, Writer writer, int width, int height, FontFace body, SynthRandom random)
    {
        float size = Math.Max(11, width / (float)random.Uniform(22, 30));
        using (var bar = new SKPaint { Color = new SKColor(247, 247, 247) })
            canvas.DrawRect(0, 0, width, size * 3.2f, bar);
        var title = TextCorpus.Token(random, writer.Chinese);
        writer.Centered(title, body, size * 1.1f, new SKColor(20, 20, 20), width, size * 2f);
        float y = size * 5;
        while (y < height - size * 4)
        {
            bool mine = random.Chance(0.5);
            var text = TextCorpus.Line(random, writer.Chinese, random.Int(1, 4));
            float textWidth = Math.Min(SkiaBridge.Measure(text, body, size), width * 0.6f);
            float bubbleWidth = textWidth + size * 1.4f, bubbleHeight = size * 2.2f;
            float x = mine ? width - size * 3.5f - bubbleWidth : size * 3.5f;
            using (var avatar = new SKPaint { Color = new SKColor((byte)random.Int(60, 200), (byte)random.Int(60, 200), (byte)random.Int(60, 200)) })
                canvas.DrawRoundRect(mine ? width - size * 3f : size * 0.5f, y, size * 2.5f, size * 2.5f, size * 0.3f, size * 0.3f, avatar);
            using (var bubble = new SKPaint { Color = mine ? new SKColor(149, 236, 105) : SKColors.White, IsAntialias = true })
                canvas.DrawRoundRect(x, y, bubbleWidth, bubbleHeight, size * 0.4f, size * 0.4f, bubble);
            writer.Line(text, body, size, new SKColor(20, 20, 20), x + size * 0.7f, y + size * 1.45f, x + bubbleWidth - size * 0.5f);
            y += bubbleHeight + size * (float)random.Uniform(1.0, 2.0);
            if (random.Chance(0.2))
            {
                var time = $"{random.Int(0, 23):00}:{random.Int(0, 59):00}";
                writer.Centered(time, body, size * 0.75f, new SKColor(150, 150, 150), width, y);
                y += size * 1.5f;
            }
        }
    }

    /// <summary>Draws tokens one by one (so each is a <see cref="TextItem"/>), clipped at a right edge.</summary>
    private sealed class Writer(SKCanvas canvas, List<TextItem> items, SynthRandom random, bool chinese)
    {
        public bool Chinese { get; } = chinese;

        /// <summary>Draws a line left-aligned at x; returns the x where it ended.</summary>
        public float Line(string line, FontFace font, float size, SKColor color, float x, float baseline, float right = float.MaxValue)
        {
            var tokens = Chinese ? SplitChinese(line) : line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            float space = SkiaBridge.Measure(" ", font, size);
            foreach (var token in tokens)
            {
                float width = SkiaBridge.Measure(token, font, size);
                if (x + width > right) break;
                var box = SkiaBridge.DrawText(canvas, token, font, size, color, x, baseline);
                items.Add(new TextItem(token, font, size, color, x, baseline, box));
                x += width + (Chinese ? 0 : space);
            }
            return x;
        }

        public void Centered(string line, FontFace font, float size, SKColor color, float width, float baseline)
        {
            float total = SkiaBridge.Measure(line, font, size);
            Line(line, font, size, color, Math.Max(0, (width - total) / 2), baseline);
        }

        /// <summary>Chinese lines are split into tokens of 1-4 characters (edits replace such pieces).</summary>
        private IEnumerable<string> SplitChinese(string line)
        {
            for (int i = 0; i < line.Length;)
            {
                int length = Math.Min(line.Length - i, random.Int(1, 4));
                yield return line.Substring(i, length);
                i += length;
            }
        }
    }
}
