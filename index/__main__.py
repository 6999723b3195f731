from index.cli.main import run

run()
