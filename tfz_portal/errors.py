"""Branded error pages."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from .extensions import db

MESSAGES = {
    400: ("Something in that request was not right",
          "Go back, check what you entered, and try again."),
    403: ("You can't see this page",
          "Your account doesn't give you access to it. If you think it should, ask your coordinator."),
    404: ("Page not found",
          "The address may be mistyped, or the page has moved or been removed."),
    405: ("That didn't work", "This page can't be used that way. Go back and try again."),
    413: ("That upload is too large", "Choose a smaller file and try again."),
    429: ("Too many tries", "Please wait a few minutes before trying again."),
    500: ("Sorry, something went wrong on our side",
          "Nothing you did caused this. Please try again in a few minutes."),
}


def init_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        title, message = MESSAGES.get(code, (error.name, error.description))
        return render_template("errors/error.html", code=code, title=title, message=message), code

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        app.logger.exception("unhandled error")
        db.session.rollback()
        title, message = MESSAGES[500]
        return render_template("errors/error.html", code=500, title=title, message=message), 500
