pub fn placeholder() {}

pub mod links;
