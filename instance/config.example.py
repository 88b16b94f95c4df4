# Copy to instance/config.py for local settings. TFZ_* environment variables
# override anything here.
# SERVER_NAME = "localhost:5000"
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://tfz:secret@127.0.0.1:5432/tfz"
# MAIL_TRANSPORT = "smtp"
# MAIL_SERVER = "smtp.example.org"
