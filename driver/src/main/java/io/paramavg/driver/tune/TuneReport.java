package io.paramavg.driver.tune;

/**
 * {@code tune.html}: the search's comparison table as one self-contained page, sorted by the
 * validation metric, the chosen trial marked, the test accuracy shown beside it for information.
 */
final class TuneReport {
    private TuneReport() {
    }

    static String html(String tableJson) {
        // Inside <script>, "</" would end the element early; JSON allows escaping the slash.
        String data = tableJson.replace("</", "<\\/");
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>paramavg search</title>
                <style>
                  body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }
                  table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #eee; }
                  td.number { text-align: right; } tr.best { background: #e8f6ec; font-weight: 600; }
                </style>
                </head>
                <body>
                <h1>paramavg search</h1>
                <p id="summary"></p>
                <table id="trials"><thead><tr><th>trial</th><th>settings</th><th>val loss</th><th>val accuracy</th>
                <th>best epoch</th><th>epochs</th><th>test accuracy (not used to choose)</th><th>seconds</th></tr></thead>
                <tbody></tbody></table>
                <script type="application/json" id="tune-data">/*DATA*/</script>
                <script>
                "use strict";
                const table = JSON.parse(document.getElementById("tune-data").textContent);
                const lowerIsBetter = table.metric === "val-loss";
                const rows = table.trials.map((t, i) => Object.assign({index: i + 1}, t))
                  .sort((a, b) => lowerIsBetter ? a.value - b.value : b.value - a.value);
                const body = document.querySelector("#trials tbody");
                for (const t of rows) {
                  const row = document.createElement("tr");
                  if (t.folder === table.best.folder) row.className = "best";
                  row.setAttribute("data-trial", t.index);
                  for (const [value, number] of [[t.index, true], [t.name, false], [t.valLoss.toFixed(4), true],
                      [t.valAccuracy.toFixed(4), true], [t.bestEpoch, true], [t.epochs, true],
                      [t.testAccuracy.toFixed(4), true], [t.seconds.toFixed(1), true]]) {
                    const cell = document.createElement("td");
                    cell.textContent = value;
                    if (number) cell.className = "number";
                    row.appendChild(cell);
                  }
                  body.appendChild(row);
                }
                document.getElementById("summary").textContent = table.trials.length + " trials, chosen by "
                  + table.metric + ": " + table.best.name + " (" + table.metric + " " + table.best.value.toFixed(4)
                  + " at epoch " + table.best.bestEpoch + "); its model is model.zip beside this page.";
                document.body.setAttribute("data-rendered", "true");
                </script>
                </body>
                </html>
                """.replace("/*DATA*/", data);
    }
}
