"""The program without a screen: methodology, scoring, storage. Never imports Qt."""

APP_NAME = "Отчётность ОМСУ"
APP_ID = "OmsuReport"
