package io.animus.registry.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.animus.registry.discovery.DiscoveryRunResponse;

/**
 * The console's two drawings, made on the server as SVG (no script, no style attribute, so they pass
 * the Content-Security-Policy): a plugin dependency graph and a chart of discovery runs. Every text in
 * them is escaped here, since the drawing is written into the page as markup.
 */
public final class Svg {

    private Svg() {
    }

    /**
     * Plugins as boxes in columns by depth (a plugin sits right of everything it depends on), an arrow
     * from each plugin to each of its dependencies; a dependency that is not a plugin of the tool is drawn
     * dashed, as missing.
     */
    public static String dependencyGraph(Map<String, List<String>> dependencies) {
        Map<String, List<String>> edges = new LinkedHashMap<>(dependencies);
        dependencies.values().forEach(targets -> targets.forEach(target -> edges.putIfAbsent(target, null)));
        Map<String, Integer> depth = new HashMap<>();
        edges.keySet().forEach(name -> depthOf(name, edges, depth, new ArrayList<>()));
        Map<Integer, List<String>> columns = new java.util.TreeMap<>();
        edges.keySet().forEach(name -> columns.computeIfAbsent(depth.get(name), d -> new ArrayList<>()).add(name));
        int boxWidth = 150;
        int boxHeight = 28;
        int columnGap = 60;
        int rowGap = 16;
        Map<String, int[]> at = new HashMap<>();
        int rows = columns.values().stream().mapToInt(List::size).max().orElse(0);
        columns.forEach((column, names) -> {
            for (int row = 0; row < names.size(); row++) {
                at.put(names.get(row), new int[] { 10 + column * (boxWidth + columnGap), 10 + row * (boxHeight + rowGap) });
            }
        });
        int width = 20 + columns.size() * (boxWidth + columnGap);
        int height = 20 + Math.max(1, rows) * (boxHeight + rowGap);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\"><title>Plugin dependency graph: an arrow points from a plugin to what it depends on</title>")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">")
                .append("<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#4a5360\"/></marker></defs>");
        edges.forEach((from, targets) -> {
            if (targets == null) {
                return;
            }
            for (String to : targets) {
                int[] a = at.get(from);
                int[] b = at.get(to);
                svg.append("<line x1=\"").append(a[0]).append("\" y1=\"").append(a[1] + boxHeight / 2).append("\" x2=\"")
                        .append(b[0] + boxWidth).append("\" y2=\"").append(b[1] + boxHeight / 2)
                        .append("\" stroke=\"#4a5360\" marker-end=\"url(#arrow)\"/>");
            }
        });
        edges.forEach((name, targets) -> {
            int[] p = at.get(name);
            boolean missing = targets == null && !dependencies.containsKey(name);
            svg.append("<g class=\"node\"><rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"")
                    .append(boxWidth).append("\" height=\"").append(boxHeight).append("\" rx=\"4\" fill=\"")
                    .append(missing ? "#fff5f5" : "#f6f8fa").append("\" stroke=\"").append(missing ? "#a40e26" : "#0b5cad")
                    .append(missing ? "\" stroke-dasharray=\"4 3\"" : "\"").append("/><text x=\"").append(p[0] + 8)
                    .append("\" y=\"").append(p[1] + 18).append("\" fill=\"#1b1f24\">").append(escape(cut(name)))
                    .append(missing ? " (missing)" : "").append("</text></g>");
        });
        return svg.append("</svg>").toString();
    }

    private static int depthOf(String name, Map<String, List<String>> edges, Map<String, Integer> depth, List<String> path) {
        Integer known = depth.get(name);
        if (known != null) {
            return known;
        }
        if (path.contains(name)) {
            return 0;
        }
        path.add(name);
        int deepest = -1;
        List<String> targets = edges.get(name);
        if (targets != null) {
            for (String target : targets) {
                deepest = Math.max(deepest, depthOf(target, edges, depth, path));
            }
        }
        path.remove(path.size() - 1);
        depth.put(name, deepest + 1);
        return deepest + 1;
    }

    /** Found (seen), changed (created + updated + switched off) and problems of each run, oldest left, as bars. */
    public static String runsChart(List<DiscoveryRunResponse> newestFirst) {
        List<DiscoveryRunResponse> runs = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(runs);
        int barWidth = 6;
        int groupWidth = 3 * barWidth + 6;
        int height = 120;
        int chartHeight = 90;
        int width = Math.max(200, 40 + runs.size() * groupWidth);
        int max = runs.stream().mapToInt(r -> Math.max(r.seen(), Math.max(changed(r), r.problemCount()))).max().orElse(0);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"")
                .append(height + 20).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height + 20).append("\">")
                .append("<title>Discovery runs, oldest left: manifests found (blue), changed (green), problems (red); the highest bar is ")
                .append(max).append("</title>")
                .append("<line x1=\"30\" y1=\"").append(chartHeight + 10).append("\" x2=\"").append(width - 5).append("\" y2=\"")
                .append(chartHeight + 10).append("\" stroke=\"#4a5360\"/>")
                .append("<text x=\"2\" y=\"18\" fill=\"#1b1f24\">").append(max).append("</text>")
                .append("<text x=\"2\" y=\"").append(chartHeight + 14).append("\" fill=\"#1b1f24\">0</text>");
        for (int i = 0; i < runs.size(); i++) {
            DiscoveryRunResponse run = runs.get(i);
            int x = 34 + i * groupWidth;
            bar(svg, x, run.seen(), max, chartHeight, barWidth, "#0b5cad");
            bar(svg, x + barWidth, changed(run), max, chartHeight, barWidth, "#1a7f37");
            bar(svg, x + 2 * barWidth, run.problemCount(), max, chartHeight, barWidth, "#a40e26");
        }
        svg.append("<text x=\"34\" y=\"").append(height + 14).append("\" fill=\"#1b1f24\">found</text>")
                .append("<text x=\"94\" y=\"").append(height + 14).append("\" fill=\"#1a7f37\">changed</text>")
                .append("<text x=\"164\" y=\"").append(height + 14).append("\" fill=\"#a40e26\">problems</text>");
        return svg.append("</svg>").toString();
    }

    private static int changed(DiscoveryRunResponse run) {
        return run.created() + run.updated() + run.switchedOff();
    }

    private static void bar(StringBuilder svg, int x, int value, int max, int chartHeight, int width, String colour) {
        int height = max == 0 ? 0 : Math.max(value > 0 ? 1 : 0, value * chartHeight / max);
        svg.append("<rect x=\"").append(x).append("\" y=\"").append(10 + chartHeight - height).append("\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" fill=\"").append(colour).append("\"/>");
    }

    private static String cut(String text) {
        return text.length() > 20 ? text.substring(0, 19) + "…" : text;
    }

    /** Text made safe for SVG markup. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
