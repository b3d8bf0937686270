//! Paths as people read them in messages: relative to the working directory when below it,
//! without `./` noise, so the same file prints the same way whatever the argument was.

use std::path::{Component, Path, PathBuf};

pub fn display(path: &Path) -> String {
    let cleaned: PathBuf = path
        .components()
        .filter(|part| !matches!(part, Component::CurDir))
        .collect();
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| cleaned.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative.unwrap_or(cleaned).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_working_directory_and_dot_components() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            display(&cwd.join("blog/a.md")),
            format!("blog{}a.md", std::path::MAIN_SEPARATOR)
        );
        assert_eq!(display(Path::new("./a.md")), "a.md");
        assert_eq!(display(Path::new("/elsewhere/./a.md")), "/elsewhere/a.md");
    }
}
