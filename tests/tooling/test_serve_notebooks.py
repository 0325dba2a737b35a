"""Under `make serve`, a notebook's run that ends as its page is edited again never writes over the edit's notebook.

An example saved, then put back (the `make serve` bench does it, and so does a reader who undoes an edit): the first
save starts a run of the edited notebook in the background, the second writes the notebook as it was, with its cached
outputs. The run's end writes the edited notebook with its outputs only while it is still the page's notebook
(NotebookPagesPlugin._ran reads NotebookPagesPlugin.current). Without a lock around that read and the write, a run
ending between the put-back's update of `current` and its write could write the edited notebook last, and the page
would show code that is no longer in the file.
"""

import concurrent.futures
import threading

import nbformat

from verified_guide import notebooks
from verified_guide.plugins.notebook_pages import NotebookPagesPlugin

PAGE = "start/page.md"


def plugin_with_two_notebooks(tmp_path) -> tuple[NotebookPagesPlugin, object, list]:
    """A plugin serving tmp_path, the notebooks made for two versions of PAGE ("edited" and "put-back"), and a list of
    the notebooks it writes."""
    plugin = NotebookPagesPlugin()
    plugin.root = tmp_path
    for key, code in (("edited", "print('edited')"), ("put-back", "print('as it was')")):
        path = notebooks.made_path(tmp_path, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebooks.dumps(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])), encoding="utf-8")
    edited = notebooks.loads(notebooks.made_path(tmp_path, "edited").read_text(encoding="utf-8"))
    written: list = []
    plugin._write_notebook = lambda page, nb, outputs: written.append(nb.cells[0].source)
    return plugin, edited, written


def ended_run() -> concurrent.futures.Future:
    future: concurrent.futures.Future = concurrent.futures.Future()
    future.set_result([{"outputs": []}])  # one cell, which raised nothing
    return future


def test_a_run_that_ends_while_the_page_is_still_edited_writes_its_outputs(tmp_path):
    plugin, edited, written = plugin_with_two_notebooks(tmp_path)
    plugin.current[PAGE] = "edited"
    plugin._ran(ended_run(), PAGE, edited)
    assert written == ["print('edited')"]


def test_a_run_that_ends_as_the_page_is_put_back_never_writes_after_it(tmp_path):
    plugin, edited, written = plugin_with_two_notebooks(tmp_path)
    plugin.current[PAGE] = "edited"
    with plugin.writing:  # the put-back being written (_refresh holds the lock from `current` to the write)
        ran = threading.Thread(target=plugin._ran, args=(ended_run(), PAGE, edited))
        ran.start()
        ran.join(0.3)
        assert ran.is_alive(), "the run's end did not wait for the notebook being written"
        plugin.current[PAGE] = "put-back"
        written.append("print('as it was')")  # what _refresh writes
    ran.join(10)
    assert written == ["print('as it was')"], "the run wrote the edited notebook over the put-back one"


def test_no_notebook_is_written_while_a_build_reads_them(tmp_path):
    """mkdocs-jupyter reads a notebook once for its cache's key and again to render it: a notebook written in the
    background between the two was rendered, and kept, under the other's key. A build holds NotebookPagesPlugin.writing
    from on_pre_build to its end (on_post_build, on_build_error, or on_shutdown when Ctrl-C ends it), and the run's
    end waits for it."""
    for end in ("on_post_build", "on_build_error", "on_shutdown"):
        plugin, edited, written = plugin_with_two_notebooks(tmp_path)
        plugin.serving = True
        plugin.current[PAGE] = "edited"
        plugin.on_pre_build(config=None)
        ran = threading.Thread(target=plugin._ran, args=(ended_run(), PAGE, edited))
        ran.start()
        ran.join(0.3)
        assert ran.is_alive() and written == [], f"a notebook was written during the build ({end})"
        {"on_post_build": lambda: plugin.on_post_build(config=None), "on_build_error": lambda: plugin.on_build_error(error=None),
         "on_shutdown": plugin.on_shutdown}[end]()
        ran.join(10)
        assert written == ["print('edited')"], f"the run's notebook was not written once the build ended ({end})"
