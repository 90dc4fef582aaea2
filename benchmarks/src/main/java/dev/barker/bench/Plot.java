package dev.barker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A measured curve: rows of x and one value per series, written as {@code NAME.csv} and drawn by
 * gnuplot (Debian's {@code gnuplot-nox}) as {@code NAME.png}, with the script beside them
 * ({@code NAME.gp}) so the picture can be redrawn or restyled from the numbers.
 */
final class Plot {

  private final String name;
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> series;
  private final List<double[]> rows;
  private boolean logX;

  private Plot(String name, String title, String xLabel, String yLabel, List<String> series, List<double[]> rows) {
    this.name = name;
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.series = series;
    this.rows = rows;
  }

  /** A plot of {@code series} (columns 2.. of each row) against column 1. */
  static Plot of(String name, String title, String xLabel, String yLabel, List<String> series, List<double[]> rows) {
    return new Plot(name, title, xLabel, yLabel, series, rows);
  }

  /** Draws x on a log scale (the curves span decades). */
  Plot logX() {
    logX = true;
    return this;
  }

  /** Writes the CSV, the script and the PNG into {@code directory}; says where, or why gnuplot could not draw. */
  void drawIn(Path directory) throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Path csv = directory.resolve(name + ".csv");
    StringBuilder data = new StringBuilder("# ").append(xLabel).append(", ").append(String.join(", ", series)).append('\n');
    for (double[] row : rows) {
      List<String> cells = new ArrayList<>();
      for (double cell : row) {
        cells.add(String.format(Locale.ROOT, "%.6g", cell));
      }
      data.append(String.join(",", cells)).append('\n');
    }
    Files.writeString(csv, data);
    StringBuilder script = new StringBuilder()
        .append("set terminal pngcairo size 800,480 font 'sans,10'\n")
        .append("set output '").append(directory.resolve(name + ".png")).append("'\n")
        .append("set datafile separator ','\nset grid\nset key top left\n")
        .append(logX ? "set logscale x\n" : "")
        .append("set title \"").append(title).append("\"\n")
        .append("set xlabel \"").append(xLabel).append("\"\nset ylabel \"").append(yLabel).append("\"\nplot ");
    for (int i = 0; i < series.size(); i++) {
      script.append(i == 0 ? "" : ", ").append('\'').append(csv).append("' using 1:").append(i + 2)
          .append(" with linespoints lw 2 pt 7 title \"").append(series.get(i)).append('"');
    }
    Path gp = directory.resolve(name + ".gp");
    Files.writeString(gp, script.append('\n'));
    Process gnuplot;
    try {
      gnuplot = new ProcessBuilder("gnuplot", gp.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      System.out.println("plot " + name + ": not drawn, no gnuplot (apt-get install gnuplot-nox); numbers in " + csv);
      return;
    }
    String output = new String(gnuplot.getInputStream().readAllBytes());
    boolean drawn = gnuplot.waitFor(60, TimeUnit.SECONDS) && gnuplot.exitValue() == 0;
    System.out.println("plot " + name + ": " + (drawn ? directory.resolve(name + ".png") : "gnuplot failed: " + output));
  }
}
