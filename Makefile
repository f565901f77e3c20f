# Two commands do everything on a fresh machine; both install what is missing.
#   make demo   build the widget and serve the demo site + collector on http://127.0.0.1:8080/
#   make test   every check and test, ending with one "N passed, N failed" line
ADDR ?= 127.0.0.1:8080
DB ?= touchpoint.db

.PHONY: demo test widget size bench longtask
demo:
	ADDR=$(ADDR) DB=$(DB) scripts/demo.sh

test:
	scripts/test.sh

widget:
	scripts/setup.sh && scripts/build-widget.sh

size:
	node scripts/size-report.mjs

bench: widget
	scripts/pg.sh run cargo bench -p touchpoint-collector --bench ingest
	cargo bench -p touchpoint-collector --bench hostile
	scripts/pg.sh run cargo bench -p touchpoint-collector --bench insights
	cargo run --quiet --release -p touchpoint-core --example availability_bench
	bench/sentiment/run.sh
	scripts/build-studio.sh && cargo build --quiet -p touchpoint-collector && node bench/studio/run.mjs

# Long tasks on the host page at load and at first open, unthrottled and at 4x CPU (a benchmark).
longtask: widget
	cargo build --quiet -p touchpoint-collector
	node bench/longtask/run.mjs
