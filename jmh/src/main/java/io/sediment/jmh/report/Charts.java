package io.sediment.jmh.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Grouped bar charts (one bar per engine) written as PNG with XChart. */
final class Charts {

  private Charts() {}

  /**
   * Writes a bar chart of {@code values[engine][category]} to {@code file} (".png" is added).
   * Missing values (NaN) are drawn as 0.
   *
   * @throws IOException naming the file when it cannot be written
   */
  static void bars(
      Path file,
      String title,
      String yTitle,
      List<String> categories,
      List<String> engines,
      double[][] values)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Math.max(640, 110 * categories.size() + 200))
            .height(420)
            .title(title)
            .xAxisTitle("")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setXAxisLabelRotation(20);
    for (int e = 0; e < engines.size(); e++) {
      List<Double> ys = new ArrayList<>();
      for (double v : values[e]) {
        ys.add(Double.isNaN(v) ? 0.0 : v);
      }
      chart.addSeries(engines.get(e), categories, ys);
    }
    String name = file.toString();
    String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    try {
      BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new IOException("cannot write chart " + base + ".png: " + e.getMessage(), e);
    }
  }
}
