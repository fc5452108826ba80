"""A fault of the program while it builds a report or a summary: logged, and told in Russian with what to do."""

from __future__ import annotations


def report_failed(what: str, exc: BaseException, kept: str = "Данные квартала сохранены и не изменены") -> str:
    """Log a fault in building a report; the Russian sentence that tells the user what happened, what is kept,
    and what to do."""
    from model.logs import log
    from model.paths import log_path

    log.error("Не удалось %s", what, exc_info=exc)
    return (f"Не удалось {what}: при построении отчёта произошла ошибка программы. {kept}, файлы не записаны."
            "\n\nПопробуйте ещё раз после изменения данных (например, сократив очень длинный текст); если ошибка "
            f"повторится, пришлите разработчикам журнал программы:\n{log_path()}")
