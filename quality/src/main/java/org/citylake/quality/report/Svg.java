package org.citylake.quality.report;

import java.util.List;
import java.util.Locale;

/** Inline SVG charts: no script, no external file, numbers formatted the same on every machine. */
final class Svg {
    private Svg() {
    }

    /** A labelled point of a series; {@code label} becomes the point's tooltip. */
    record Point(String label, double value) {
    }

    /** A line chart with min/max on the y axis and the first/last label on the x axis. */
    static String lineChart(String title, List<Point> points, int width, int height) {
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" width=\"").append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"").append(Html.esc(title)).append("\">");
        s.append("<title>").append(Html.esc(title)).append("</title>");
        if (points.isEmpty()) {
            return s.append("<text x=\"4\" y=\"14\">no data 无数据</text></svg>").toString();
        }
        int left = 56;
        int right = 8;
        int top = 8;
        int bottom = 20;
        double min = points.stream().mapToDouble(Point::value).min().orElse(0);
        double max = points.stream().mapToDouble(Point::value).max().orElse(0);
        s.append("<line x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"").append(left).append("\" y2=\"")
                .append(height - bottom).append("\" class=\"axis\"/>");
        s.append("<line x1=\"").append(left).append("\" y1=\"").append(height - bottom).append("\" x2=\"").append(width - right)
                .append("\" y2=\"").append(height - bottom).append("\" class=\"axis\"/>");
        s.append("<text x=\"").append(left - 4).append("\" y=\"").append(top + 8).append("\" text-anchor=\"end\">").append(Html.esc(num(max)))
                .append("</text>");
        s.append("<text x=\"").append(left - 4).append("\" y=\"").append(height - bottom).append("\" text-anchor=\"end\">")
                .append(Html.esc(num(min))).append("</text>");
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            double x = points.size() == 1 ? left + (width - left - right) / 2.0 : left + i * (double) (width - left - right) / (points.size() - 1);
            double y = max == min ? top + (height - top - bottom) / 2.0 : top + (max - points.get(i).value()) * (height - top - bottom) / (max - min);
            line.append(i == 0 ? "" : " ").append(coord(x)).append(',').append(coord(y));
            dots.append("<circle cx=\"").append(coord(x)).append("\" cy=\"").append(coord(y)).append("\" r=\"3\"><title>")
                    .append(Html.esc(points.get(i).label() + ": " + num(points.get(i).value()))).append("</title></circle>");
        }
        s.append("<polyline fill=\"none\" points=\"").append(line).append("\"/>").append(dots);
        s.append("<text x=\"").append(left).append("\" y=\"").append(height - 4).append("\">").append(Html.esc(points.get(0).label()))
                .append("</text>");
        if (points.size() > 1) {
            s.append("<text x=\"").append(width - right).append("\" y=\"").append(height - 4).append("\" text-anchor=\"end\">")
                    .append(Html.esc(points.get(points.size() - 1).label())).append("</text>");
        }
        return s.append("</svg>").toString();
    }

    /** A small line without axes for a table cell. */
    static String sparkline(String title, List<Point> points) {
        int width = 100;
        int height = 20;
        StringBuilder s = new StringBuilder("<svg class=\"spark\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 "
                + width + " " + height + "\" role=\"img\" aria-label=\"" + Html.esc(title) + "\"><title>");
        s.append(Html.esc(title + ": " + String.join(", ", points.stream().map(p -> num(p.value())).toList()))).append("</title>");
        if (points.size() < 2) {
            return s.append("</svg>").toString();
        }
        double min = points.stream().mapToDouble(Point::value).min().orElse(0);
        double max = points.stream().mapToDouble(Point::value).max().orElse(0);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            double x = 2 + i * (width - 4.0) / (points.size() - 1);
            double y = max == min ? height / 2.0 : 2 + (max - points.get(i).value()) * (height - 4.0) / (max - min);
            line.append(i == 0 ? "" : " ").append(coord(x)).append(',').append(coord(y));
        }
        return s.append("<polyline fill=\"none\" points=\"").append(line).append("\"/></svg>").toString();
    }

    private static String coord(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : org.citylake.quality.Verdicts.format(v);
    }
}
