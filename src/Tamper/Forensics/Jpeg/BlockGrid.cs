using OpenCvSharp;

namespace Tamper.Forensics.Jpeg;

/// <summary>
/// The 8x8 blocking grid left by JPEG compression, measured locally: luminance steps between columns
/// (and rows) are summed per position modulo 8. A compressed image has one dominant phase everywhere;
/// a region pasted with a shifted grid, or never compressed, does not share it (non-aligned double JPEG).
/// </summary>
public static class BlockGrid
{
    /// <summary>Local windows are this many 8x8 cells wide (64 px).</summary>
    public const int WindowCells = 8;

    public sealed record Result(int PhaseX, int PhaseY, double Strength, Mat Evidence);

    /// <summary>
    /// <see cref="Result.Evidence"/> is per 8x8 cell: 8 x (1 - the share of the window's blockiness that sits
    /// on the image's dominant grid)), high where the grid is missing or shifted. <see cref="Result.Strength"/>
    /// says how marked the grid is over the whole image (0 = no grid, e.g. never compressed).
    /// </summary>
    public static unsafe Result Analyze(Mat gray)
    {
        int rows = gray.Rows, cols = gray.Cols;
        int cellsX = Math.Max(1, cols / 8), cellsY = Math.Max(1, rows / 8);
        // Per cell and phase: summed |step| across columns (x) and across rows (y).
        var stepsX = new float[8][];
        var stepsY = new float[8][];
        for (int phase = 0; phase < 8; phase++)
        {
            stepsX[phase] = new float[cellsX * cellsY];
            stepsY[phase] = new float[cellsX * cellsY];
        }
        for (int y = 0; y + 1 < rows && y / 8 < cellsY; y++)
        {
            var line = (byte*)gray.Ptr(y);
            var next = (byte*)gray.Ptr(y + 1);
            int cellRow = (y / 8) * cellsX;
            for (int x = 0; x + 1 < cols && x / 8 < cellsX; x++)
            {
                int cell = cellRow + x / 8;
                // a step between x and x+1 is a block border when x+1 is a multiple of 8, i.e. phase (x+1) % 8
                stepsX[(x + 1) & 7][cell] += Math.Abs(line[x] - line[x + 1]);
                stepsY[(y + 1) & 7][cell] += Math.Abs(line[x] - next[x]);
            }
        }
        var (phaseX, strengthX) = Dominant(stepsX);
        var (phaseY, strengthY) = Dominant(stepsY);

        var evidence = new Mat(cellsY, cellsX, MatType.CV_32FC1);
        using var onGrid = Window(stepsX[phaseX], stepsY[phaseY], cellsX, cellsY);
        using var allPhases = Window(Sum(stepsX), Sum(stepsY), cellsX, cellsY);
        // share of blockiness on the dominant grid, relative to the 1/8 expected without a grid
        Cv2.Divide(onGrid, allPhases, evidence, 8.0);
        Cv2.Subtract(Scalar.All(8.0), evidence, evidence);
        return new Result(phaseX, phaseY, Math.Min(strengthX, strengthY), evidence);
    }

    private static (int Phase, double Strength) Dominant(float[][] steps)
    {
        var totals = steps.Select(values => values.Sum(v => (double)v)).ToArray();
        int phase = Array.IndexOf(totals, totals.Max());
        double mean = totals.Average();
        return (phase, mean > 0 ? (totals[phase] - mean) / mean : 0);
    }

    private static float[] Sum(float[][] steps)
    {
        var sum = new float[steps[0].Length];
        foreach (var values in steps)
            for (int i = 0; i < sum.Length; i++) sum[i] += values[i];
        return sum;
    }

    private static Mat Window(float[] x, float[] y, int cellsX, int cellsY)
    {
        var map = new Mat(cellsY, cellsX, MatType.CV_32FC1);
        map.SetArray(x.Zip(y, (a, b) => a + b + 1e-3f).ToArray());
        Cv2.BoxFilter(map, map, MatType.CV_32F, new Size(WindowCells, WindowCells), normalize: false, borderType: BorderTypes.Reflect);
        return map;
    }
}
