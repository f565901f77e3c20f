#![allow(clippy::print_stdout)]
fn main() {
    let text = std::fs::read_to_string("/work/shared/data/sentiment/tweets_GroundTruth.txt").unwrap_or_default();
    let items = touchpoint_core::sentiment::evaluation::SETS[0].parse(&text).unwrap_or_default();
    let t = std::time::Instant::now();
    let mut s = 0.0;
    for _ in 0..30 { for i in &items { s += touchpoint_core::sentiment::score(i.text).compound; } }
    println!("{s} {:.0}/s", 30.0 * items.len() as f64 / t.elapsed().as_secs_f64());
}
