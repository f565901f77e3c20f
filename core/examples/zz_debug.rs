#![allow(clippy::print_stdout)]
fn main() {
    for t in std::env::args().skip(1) {
        println!("{t:?} => {}", serde_json::to_string(&touchpoint_core::sentiment::score(&t)).unwrap_or_default());
    }
}
