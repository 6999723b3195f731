from index.cli import run

run()
