using Microsoft.Playwright;

namespace Tamper.BrowserTests;

/// <summary>The page of <c>tamper serve</c> in a real browser (Debian's chromium, headless).</summary>
public sealed class ServePageTests
{
    private static readonly string[] ChromiumArguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    [Fact]
    public async Task Upload_shows_the_overlay_whose_opacity_follows_the_slider_and_the_analyzer_tabs_switch()
    {
        var chromium = Environment.GetEnvironmentVariable("TAMPER_CHROMIUM") is { Length: > 0 } given ? given : "/usr/bin/chromium";
        File.Exists(chromium).ShouldBeTrue($"{chromium} not found: sudo apt-get install chromium (./run-tests --browser installs it)");
        var folder = Directory.CreateTempSubdirectory("tamper-browser-").FullName;
        var image = Path.Combine(folder, "copied.bmp");
        TestImages.WriteCopyMoveBmp(image);
        using var server = ServerProcess.Start("--threads", "2");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArguments });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });

        await page.GotoAsync(server.Url);
        await page.SetInputFilesAsync("#file", image);
        await page.WaitForSelectorAsync("#result:not([hidden])", new PageWaitForSelectorOptions { Timeout = 120_000 });
        await page.WaitForFunctionAsync("() => { const o = document.getElementById('overlay'); return o.complete && o.naturalWidth > 0; }");
        (await page.TextContentAsync("#verdict-label"))!.ShouldNotBeNullOrWhiteSpace();
        (await page.GetAttributeAsync("#overlay", "src"))!.ShouldContain("heat-layer.png");

        var before = await page.EvalOnSelectorAsync<string>("#overlay", "o => getComputedStyle(o).opacity");
        await page.Locator("#opacity").FillAsync("25");
        var after = await page.EvalOnSelectorAsync<string>("#overlay", "o => getComputedStyle(o).opacity");
        before.ShouldBe("0.7");
        after.ShouldBe("0.25");

        await page.ClickAsync("button[data-tab=copymove]");
        (await page.GetAttributeAsync("button[data-tab=copymove]", "aria-selected")).ShouldBe("true");
        await page.WaitForFunctionAsync("() => document.getElementById('overlay').src.endsWith('copymove.png') && document.getElementById('overlay').complete");
        (await page.Locator("#pairs rect.target").CountAsync()).ShouldBeGreaterThan(0);
        (await page.TextContentAsync("#tab-findings"))!.ShouldContain("region copied");

        await page.Locator("#opacity").FillAsync("70");
        await page.ClickAsync("button[data-tab=ela]");
        await page.WaitForFunctionAsync("() => document.getElementById('overlay').src.endsWith('ela.png') && document.getElementById('overlay').complete");
        var screenshots = Path.Combine(ServerProcess.RepositoryRoot(), "artifacts", "browser");
        Directory.CreateDirectory(screenshots);
        await page.ClickAsync("button[data-tab=detection]");
        await page.WaitForFunctionAsync("() => document.getElementById('overlay').src.endsWith('heat-layer.png') && document.getElementById('overlay').complete");
        var shot = Path.Combine(screenshots, "serve-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        new FileInfo(shot).Length.ShouldBeGreaterThan(10_000);
        Directory.Delete(folder, recursive: true);
    }
}
