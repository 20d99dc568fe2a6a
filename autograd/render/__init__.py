"""Pictures of a graph: draw (Graphviz), Mermaid, the HTML stepper; the only code that imports graphviz.

Imports the engine and teach/; never nn. graphviz is imported by draw.py and backends.py only, so
`import autograd.render.mermaid` needs no Graphviz at all.
"""
