# Executes a notebook headless (nbclient, Debian's python3-nbconvert) in its own folder and fails
# when a cell raises or when fewer figures than expected were drawn; saves the executed copy.
# Usage: run_notebook.py NOTEBOOK EXECUTED_COPY MIN_FIGURES   (PYTHONPATH must reach parley)
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main(path, copy, min_figures):
    nb = nbformat.read(path, as_version=4)
    folder = path.rsplit("/", 1)[0] if "/" in path else "."
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": folder}})
    try:
        client.execute()
    except CellExecutionError as e:
        print(f"{path}: a cell failed:\n{e}", file=sys.stderr)
        return 1
    finally:
        nbformat.write(nb, copy)
    figures = sum(1 for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
                  if "image/png" in out.get("data", {}))
    errors = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
              if out.get("output_type") == "error"]
    if errors or figures < min_figures:
        print(f"{path}: {len(errors)} errors, {figures} figures (expected at least {min_figures})", file=sys.stderr)
        return 1
    print(f"{path}: every cell ran, {figures} figures; executed copy in {copy}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
