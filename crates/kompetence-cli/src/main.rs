//! The `kompetence` command-line tool.

fn main() {
    println!("kompetence {}", env!("CARGO_PKG_VERSION"));
}
