# nbconvert config of the Jupyter lane (passed with --config): after each code cell,
# appends one JSON line to the file named by BACKPROP_TS_REPLY_LOG with the cell's
# execute_reply (status, execution count) and a summary of its outputs as nbclient
# recorded them. It only observes; the exported notebook is unchanged.
#
# Why: tslab publishes no execute_input (nor execute_result) on IOPub, and nbclient
# takes execution counts only from IOPub, so every cell of an nbconvert run has
# execution_count null (`In [ ]:` in the HTML). The count is in the execute_reply.
import json
import os

_log = os.environ["BACKPROP_TS_REPLY_LOG"]


def _summary(output):
    html = output.get("data", {}).get("text/html", "")
    if isinstance(html, list):
        html = "".join(html)
    text = output.get("text", "")
    if isinstance(text, list):
        text = "".join(text)
    return {
        "output_type": output.get("output_type"),
        "name": output.get("name"),
        "stderr": text if output.get("name") == "stderr" else None,
        "traceback": "\n".join(output.get("traceback", [])) or None,
        "chart": '<div class="backprop-ts-chart"' in html,
        "bundle": "data-backprop-ts-plotly" in html,
    }


def record_reply(cell, cell_index, execute_reply):
    content = execute_reply["content"] if execute_reply else {}
    with open(_log, "a", encoding="utf-8") as f:
        f.write(json.dumps({
            "cell_index": cell_index,
            "cell_id": cell.get("id"),
            "status": content.get("status"),
            "execution_count": content.get("execution_count"),
            "outputs": [_summary(o) for o in cell.get("outputs", [])],
        }) + "\n")


c.ExecutePreprocessor.on_cell_executed = record_reply  # noqa: F821 (nbconvert's config object)
