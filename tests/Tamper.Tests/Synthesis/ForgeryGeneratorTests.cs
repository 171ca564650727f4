using OpenCvSharp;
using Tamper.Data.Synthesis;
using Tamper.Tests.Support;

namespace Tamper.Tests.Synthesis;

public sealed class ForgeryGeneratorTests(SynthFixture fixture) : IClassFixture<SynthFixture>
{
    private const int Samples = 600;

    [SkippableFact]
    public void Every_mask_is_exactly_the_changed_pixels_and_every_operation_appears()
    {
        fixture.RequireFonts();
        var generator = new ForgeryGenerator(fixture.Sources, new SynthOptions(Seed: 5, MinSize: 256, MaxSize: 384, AuthenticShare: 0.1, Documents: true));
        var seen = new Dictionary<string, int>();
        for (int index = 0; index < Samples; index++)
        {
            using var sample = generator.Generate(index);
            seen[sample.Operation] = seen.GetValueOrDefault(sample.Operation) + 1;
            using var changed = ForgeryGenerator.ChangedPixels(sample.Original, sample.Edited);
            using var outside = new Mat();
            Cv2.BitwiseNot(sample.EditMask, outside);
            // equal outside the mask, different at every pixel inside it
            using var changedOutside = new Mat();
            Cv2.BitwiseAnd(changed, outside, changedOutside);
            Cv2.CountNonZero(changedOutside).ShouldBe(0, $"{sample.Id} ({sample.Operation}) changed pixels outside its mask");
            using var unchangedInside = new Mat();
            Cv2.BitwiseXor(changed, sample.EditMask, unchangedInside);
            Cv2.CountNonZero(unchangedInside).ShouldBe(0, $"{sample.Id} ({sample.Operation}) has unchanged pixels inside its mask");
            (Cv2.CountNonZero(sample.EditMask) == 0).ShouldBe(sample.Operation == "authentic", sample.Id);
            // the final mask matches the final file's size and is binary
            using var decoded = Cv2.ImDecode(sample.FileBytes, ImreadModes.Color);
            sample.Mask.Size().ShouldBe(decoded.Size(), sample.Id);
            using var gray = new Mat();
            Cv2.InRange(sample.Mask, new Scalar(1), new Scalar(254), gray);
            Cv2.CountNonZero(gray).ShouldBe(0);
        }
        foreach (var operation in ForgeryGenerator.Operations)
            seen.GetValueOrDefault(operation).ShouldBeGreaterThan(5, $"{operation} appeared {seen.GetValueOrDefault(operation)} times: {string.Join(", ", seen)}");
    }

    [Fact]
    public void Photo_only_runs_use_the_photo_operations_and_respect_the_authentic_share()
    {
        var generator = new ForgeryGenerator(fixture.Sources, new SynthOptions(Seed: 9, MinSize: 192, MaxSize: 256, AuthenticShare: 0.3));
        var operations = Enumerable.Range(0, 300).Select(index =>
        {
            using var sample = generator.Generate(index);
            return sample.Operation;
        }).ToList();

        operations.ShouldNotContain(operation => operation.StartsWith("text-"));
        (operations.Count(operation => operation == "authentic") / 300.0).ShouldBeInRange(0.22, 0.40);
        foreach (var operation in new[] { "splice", "splice-object", "copy-move", "removal" })
            operations.ShouldContain(operation);
    }

    [Fact]
    public void The_same_seed_gives_the_same_files_whatever_the_thread_count()
    {
        var options = new SynthOptions(Seed: 4, MinSize: 192, MaxSize: 320, Documents: fixture.HasFonts);
        var first = Path.Combine(fixture.TempPath, "run-a");
        var second = Path.Combine(fixture.TempPath, "run-b");
        var other = Path.Combine(fixture.TempPath, "run-c");

        SynthRunner.Run(new ForgeryGenerator(fixture.Sources, options), 24, first, threads: 1);
        SynthRunner.Run(new ForgeryGenerator(fixture.Sources, options), 24, second, threads: 2);
        SynthRunner.Run(new ForgeryGenerator(fixture.Sources, options with { Seed = 5 }), 24, other, threads: 2);

        var files = Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(first, path)).Order().ToList();
        files.Count.ShouldBe(24 * 2 + 1);
        foreach (var file in files)
            File.ReadAllBytes(Path.Combine(second, file)).ShouldBe(File.ReadAllBytes(Path.Combine(first, file)), file);
        File.ReadAllText(Path.Combine(other, "manifest.jsonl")).ShouldNotBe(File.ReadAllText(Path.Combine(first, "manifest.jsonl")));
    }

    [Fact]
    public void Native_hosts_are_exact_pieces_of_a_photo_at_its_own_resolution()
    {
        var generator = new ForgeryGenerator(fixture.Sources, new SynthOptions(Seed: 3, MinSize: 192, MaxSize: 256, AuthenticShare: 1, NativeShare: 1));
        for (int index = 0; index < 12; index++)
        {
            using var sample = generator.Generate(index);
            sample.Manifest["host"]!["kind"]!.GetValue<string>().ShouldBe("photo-native");
            var source = sample.Manifest["sources"]![0]!.GetValue<string>();
            var photo = fixture.Sources.Photos.Get(source)!;
            using var match = new Mat();
            Cv2.MatchTemplate(photo, sample.Original, match, TemplateMatchModes.SqDiff);
            // the best match (found in floating point), then checked pixel for pixel
            match.MinMaxLoc(out double _, out double _, out Point at, out Point _);
            using var piece = photo[new Rect(at, sample.Original.Size())];
            using var changed = ForgeryGenerator.ChangedPixels(piece, sample.Original);
            Cv2.CountNonZero(changed).ShouldBe(0, $"{sample.Id}: the host is not an unresampled crop of {source}");
        }
        var zoomed = new ForgeryGenerator(fixture.Sources, new SynthOptions(Seed: 3, MinSize: 192, MaxSize: 256, AuthenticShare: 1, NativeShare: 0));
        using var resampled = zoomed.Generate(0);
        resampled.Manifest["host"]!["kind"]!.GetValue<string>().ShouldBe("photo");
    }

    [Fact]
    public void Global_adjustments_change_authentic_images_but_never_their_empty_masks()
    {
        var generator = new ForgeryGenerator(fixture.Sources, new SynthOptions(Seed: 11, MinSize: 160, MaxSize: 192, AuthenticShare: 1, NativeShare: 0.5));
        var adjustments = new HashSet<string>();
        for (int index = 0; index < 160; index++)
        {
            using var sample = generator.Generate(index);
            Cv2.CountNonZero(sample.Mask).ShouldBe(0, sample.Id);
            var steps = sample.Manifest["post"]!.AsArray().Select(step => step!["step"]!.GetValue<string>()).ToList();
            var adjustment = steps.FirstOrDefault(step => step is "sharpen" or "gamma" or "contrast" or "saturation");
            if (adjustment is null) continue;
            adjustments.Add(adjustment);
            if (steps.Count == 2 && sample.Extension == ".png")
            {
                // a lossless file holding only the adjustment: its pixels differ from the host's
                using var decoded = Cv2.ImDecode(sample.FileBytes, ImreadModes.Color);
                using var changed = ForgeryGenerator.ChangedPixels(sample.Original, decoded);
                Cv2.CountNonZero(changed).ShouldBeGreaterThan(0, $"{sample.Id}: {adjustment} changed nothing");
            }
        }
        adjustments.ShouldBe(["sharpen", "gamma", "contrast", "saturation"], ignoreOrder: true);
    }

    [SkippableFact]
    public void Screenshots_are_saved_losslessly_more_often_and_spliced_text_sometimes_carries_jpeg_artifacts()
    {
        fixture.RequireFonts();
        var generator = new ForgeryGenerator(fixture.Sources, new SynthOptions(Seed: 21, MinSize: 192, MaxSize: 256, AuthenticShare: 0, DocumentShare: 1, Documents: true));
        int chats = 0, chatPngs = 0, others = 0, otherPngs = 0, splices = 0, compressedSplices = 0;
        for (int index = 0; index < 240; index++)
        {
            using var sample = generator.Generate(index);
            bool chat = sample.Manifest["host"]!["kind"]!.GetValue<string>() == "document-chat";
            bool png = sample.Extension == ".png";
            if (chat) { chats++; if (png) chatPngs++; }
            else { others++; if (png) otherPngs++; }
            if (sample.Operation == "text-splice")
            {
                splices++;
                if (sample.Manifest["params"]!.AsObject().ContainsKey("donor_jpeg_quality")) compressedSplices++;
            }
        }
        chats.ShouldBeGreaterThan(15);
        ((double)chatPngs / chats).ShouldBeGreaterThan(0.4, $"{chatPngs}/{chats} chat screenshots saved as PNG");
        ((double)otherPngs / others).ShouldBeLessThan(0.4, $"{otherPngs}/{others} other documents saved as PNG");
        splices.ShouldBeGreaterThan(10);
        compressedSplices.ShouldBeInRange(1, splices - 1, $"{compressedSplices}/{splices} spliced pieces went through JPEG");
    }
}
