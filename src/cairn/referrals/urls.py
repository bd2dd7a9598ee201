from django.urls import path

from cairn.referrals import views

app_name = "referrals"

urlpatterns = [path("mine/", views.my_referrals, name="mine")]
