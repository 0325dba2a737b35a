"""The machinery that builds the verified NumPy ⇄ PyTorch guide and checks every example on it.

The README's "Layout" names each module. In short: pages.py reads a page's blocks and
applies the rules, marks.py says what each mark means, runner.py and zygote.py run a block
as pasted, outputs.py judges and rewrites outputs, records.py and digest.py decide when a
pass may be reused, notebooks.py makes each page a notebook, plugins/ are the MkDocs
plugins, and benchmarks/ measure conversions, GPU copies, pages and serve reloads.
"""
