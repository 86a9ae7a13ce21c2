pub fn placeholder() {}
pub mod urls;
